namespace Pipeline.Emulators.Cosmos.Query.Execution;

/// <summary>A continuation token this emulator did not issue for this query's shape; the gateway answers 400.</summary>
internal sealed class InvalidContinuationException : Exception
{
    public InvalidContinuationException(string token)
        : base($"The continuation token '{token}' is malformed or belongs to a different query.")
    {
    }

    public InvalidContinuationException()
    {
    }

    public InvalidContinuationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
