namespace Pipeline.Emulators.Cosmos.Predicates;

/// <summary>SQL beyond the narrow filter subset; queries answer it with a 400 that says full SQL arrives later.</summary>
internal sealed class UnsupportedSqlException : Exception
{
    public UnsupportedSqlException(string message)
        : base(message)
    {
    }

    public UnsupportedSqlException()
    {
    }

    public UnsupportedSqlException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
