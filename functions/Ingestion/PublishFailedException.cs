namespace Pipeline.Functions.Ingestion;

/// <summary>Thrown to a request whose events Event Hubs did not (all) accept; carries the failure kind for the HTTP answer.</summary>
public sealed class PublishFailedException : Exception
{
    internal PublishFailedException(PublishFailure failure, string message, Exception? innerException = null)
        : base(message, innerException) => Failure = failure;

    /// <summary>Creates the exception with a message.</summary>
    public PublishFailedException(string message)
        : base(message) => Failure = PublishFailure.Unavailable;

    /// <summary>Creates the exception with a message and its cause.</summary>
    public PublishFailedException(string message, Exception innerException)
        : base(message, innerException) => Failure = PublishFailure.Unavailable;

    /// <summary>Creates the exception without details.</summary>
    public PublishFailedException()
        : base("Event Hubs did not accept the events.") => Failure = PublishFailure.Unavailable;

    internal PublishFailure Failure { get; }
}
