using System.Net.Sockets;
using Amqp;
using Amqp.Framing;
using Amqp.Types;
using Reason = Pipeline.EventHubs.EventHubsException.FailureReason;

namespace Pipeline.EventHubs.Amqp;

/// <summary>
/// The one place where AMQP error conditions, request-response status codes and transport failures become the
/// client's exceptions, so every operation reports the same failure the same way.
/// </summary>
internal static class AmqpErrorMapper
{
    public const string ServerBusy = "com.microsoft:server-busy";
    public const string Timeout = "com.microsoft:timeout";
    public const string ArgumentError = "com.microsoft:argument-error";
    public const string ArgumentOutOfRange = "com.microsoft:argument-out-of-range";
    public const string EntityDisabled = "com.microsoft:entity-disabled";
    public const string EntityNotFound = "com.microsoft:entity-not-found";

    /// <summary>Maps an AMQP error (from a detach, close, rejected outcome) to the client's exception.</summary>
    public static Exception FromError(Error? error, string? eventHubName, Exception? inner = null)
    {
        if (error is null)
        {
            return new EventHubsException(true, eventHubName, "The AMQP link or connection was closed by the service.", Reason.ServiceCommunicationProblem, inner);
        }

        string condition = error.Condition?.ToString() ?? string.Empty;
        string description = string.IsNullOrEmpty(error.Description) ? condition : error.Description;
        return condition switch
        {
            ErrorCode.UnauthorizedAccess => new UnauthorizedAccessException(description, inner),
            ErrorCode.NotFound or EntityNotFound => new EventHubsException(false, eventHubName, description, Reason.ResourceNotFound, inner),
            ServerBusy => new EventHubsException(true, eventHubName, description, Reason.ServiceBusy, inner),
            Timeout => new EventHubsException(true, eventHubName, description, Reason.ServiceTimeout, inner),
            ErrorCode.Stolen => new EventHubsException(false, eventHubName, description, Reason.ConsumerDisconnected, inner),
            ErrorCode.MessageSizeExceeded => new EventHubsException(false, eventHubName, description, Reason.MessageSizeExceeded, inner),
            ErrorCode.ResourceLimitExceeded => new EventHubsException(false, eventHubName, description, Reason.QuotaExceeded, inner),
            ArgumentError or ArgumentOutOfRange or ErrorCode.InvalidField or ErrorCode.DecodeError => new ArgumentException(description, inner),
            ErrorCode.ConnectionForced or ErrorCode.DetachForced or ErrorCode.FramingError or ErrorCode.ConnectionRedirect or ErrorCode.LinkRedirect or ErrorCode.InternalError or ErrorCode.MessageReleased or ErrorCode.IllegalState
                => new EventHubsException(true, eventHubName, description, Reason.ServiceCommunicationProblem, inner),
            ErrorCode.NotAllowed or ErrorCode.NotImplemented or EntityDisabled
                => new EventHubsException(false, eventHubName, description, Reason.GeneralError, inner),
            _ => new EventHubsException(false, eventHubName, description, Reason.GeneralError, inner),
        };
    }

    /// <summary>Maps a management or CBS response status code (HTTP semantics) to the client's exception.</summary>
    public static Exception FromStatusCode(int statusCode, string? description, string? eventHubName)
    {
        string text = string.IsNullOrEmpty(description) ? $"The service answered with status {statusCode}." : description;
        return statusCode switch
        {
            401 or 403 => new UnauthorizedAccessException(text),
            404 => new EventHubsException(false, eventHubName, text, Reason.ResourceNotFound),
            400 => new ArgumentException(text),
            408 or 504 => new EventHubsException(true, eventHubName, text, Reason.ServiceTimeout),
            429 or 503 => new EventHubsException(true, eventHubName, text, Reason.ServiceBusy),
            >= 500 => new EventHubsException(true, eventHubName, text, Reason.ServiceCommunicationProblem),
            _ => new EventHubsException(false, eventHubName, text, Reason.GeneralError),
        };
    }

    /// <summary>Maps any failure of an operation to the client's exception; the client's own exceptions pass through.</summary>
    public static Exception Translate(Exception exception, string? eventHubName) => exception switch
    {
        EventHubsException or UnauthorizedAccessException or ArgumentException or InvalidOperationException => exception,
        AmqpException amqp => FromError(amqp.Error, eventHubName, amqp),
        TimeoutException => new EventHubsException(true, eventHubName, exception.Message, Reason.ServiceTimeout, exception),
        SocketException or IOException or ObjectDisposedException
            => new EventHubsException(true, eventHubName, exception.Message, Reason.ServiceCommunicationProblem, exception),
        AggregateException { InnerException: { } inner } => Translate(inner, eventHubName),
        _ => new EventHubsException(false, eventHubName, exception.Message, Reason.GeneralError, exception),
    };
}
