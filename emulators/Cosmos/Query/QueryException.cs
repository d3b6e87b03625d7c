namespace Pipeline.Emulators.Cosmos.Query;

/// <summary>
/// Query text the engine refuses (a syntax error, an unknown function, an unresolved identifier), carrying where in the
/// text and why, so the gateway can answer 400 BadRequest with a message a user can act on.
/// </summary>
public sealed class QueryException : Exception
{
    public QueryException(string reason, int position)
        : base($"Syntax error at position {position}: {reason}")
    {
        Reason = reason;
        Position = position;
    }

    public QueryException()
        : this("invalid query", 0)
    {
    }

    public QueryException(string message)
        : this(message, 0)
    {
    }

    public QueryException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = message;
    }

    /// <summary>Zero-based character offset into the query text where the problem was found.</summary>
    public int Position { get; }

    public string Reason { get; } = string.Empty;
}
