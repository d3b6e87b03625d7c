namespace Pipeline.EventHubs;

/// <summary>
/// The one exception type of the client: carries why the operation failed (<see cref="Reason"/>) and whether
/// retrying may succeed (<see cref="IsTransient"/>), like Azure.Messaging.EventHubs.EventHubsException.
/// </summary>
public class EventHubsException : Exception
{
    /// <summary>Creates an exception with a reason and a transient flag.</summary>
    public EventHubsException(bool isTransient, string? eventHubName, string? message, FailureReason reason, Exception? innerException = null)
        : base(message, innerException)
    {
        IsTransient = isTransient;
        EventHubName = eventHubName;
        Reason = reason;
    }

    /// <summary>Creates a non-transient general error.</summary>
    public EventHubsException(string? message, Exception? innerException)
        : this(false, null, message, FailureReason.GeneralError, innerException)
    {
    }

    /// <summary>Creates a non-transient general error.</summary>
    public EventHubsException(string? message)
        : this(message, null)
    {
    }

    /// <summary>Creates a non-transient general error.</summary>
    public EventHubsException()
        : this(null, null)
    {
    }

    /// <summary>True when retrying the operation may succeed.</summary>
    public bool IsTransient { get; }

    /// <summary>Why the operation failed.</summary>
    public FailureReason Reason { get; }

    /// <summary>The Event Hub the failed operation targeted, when known.</summary>
    public string? EventHubName { get; }

    /// <inheritdoc />
    public override string Message => EventHubName is null
        ? base.Message
        : $"{base.Message} ({EventHubName}). Reason: {Reason}.";

    /// <summary>The causes of failure an application can react to differently.</summary>
    public enum FailureReason
    {
        /// <summary>A failure without a more specific reason.</summary>
        GeneralError,

        /// <summary>The client, or the link it used, was closed.</summary>
        ClientClosed,

        /// <summary>A consumer with a higher owner level took over the partition.</summary>
        ConsumerDisconnected,

        /// <summary>The namespace, Event Hub, consumer group or partition does not exist.</summary>
        ResourceNotFound,

        /// <summary>The message or batch is larger than the link allows.</summary>
        MessageSizeExceeded,

        /// <summary>A quota (for example the number of receivers) was exceeded.</summary>
        QuotaExceeded,

        /// <summary>The service is throttling the namespace (throughput units exhausted).</summary>
        ServiceBusy,

        /// <summary>The service did not answer in time.</summary>
        ServiceTimeout,

        /// <summary>The connection to the service failed or was lost.</summary>
        ServiceCommunicationProblem,
    }
}
