using Amqp;
using Amqp.Framing;

namespace Pipeline.Emulators.EventHubs.Nodes;

/// <summary>Builds $cbs and $management replies: status-code (an int, as the SDKs expect), description, body.</summary>
internal static class NodeResponse
{
    public static Message Create(int statusCode, string description, object? body = null, string? errorCondition = null)
    {
        var message = new Message
        {
            ApplicationProperties = new ApplicationProperties(),
            BodySection = new AmqpValue { Value = body },
        };
        message.ApplicationProperties["status-code"] = statusCode;
        message.ApplicationProperties["status-description"] = description;
        if (errorCondition is not null)
        {
            message.ApplicationProperties["error-condition"] = errorCondition;
        }

        return message;
    }

    public static string? ApplicationProperty(Message request, string name) =>
        request.ApplicationProperties?.Map[name] as string;
}
