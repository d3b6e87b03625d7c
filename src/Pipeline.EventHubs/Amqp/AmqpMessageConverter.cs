using System.Globalization;
using System.Runtime.InteropServices;
using Amqp;
using Amqp.Framing;
using Amqp.Types;

namespace Pipeline.EventHubs.Amqp;

/// <summary>Translates between <see cref="EventData"/> and AMQP messages as Event Hubs lays them out.</summary>
internal static class AmqpMessageConverter
{
    /// <summary>Builds the AMQP message for one event; the partition key goes into the <c>x-opt-partition-key</c> annotation.</summary>
    public static Message ToAmqpMessage(EventData eventData, string? partitionKey)
    {
        var message = new Message { BodySection = ToDataSection(eventData.EventBody) };
        if (eventData.MessageId is not null || eventData.CorrelationId is not null || eventData.ContentType is not null)
        {
            message.Properties = new Properties
            {
                MessageId = eventData.MessageId,
                CorrelationId = eventData.CorrelationId,
                ContentType = eventData.ContentType is null ? null : new Symbol(eventData.ContentType),
            };
        }

        if (eventData.Properties.Count > 0)
        {
            message.ApplicationProperties = new ApplicationProperties();
            foreach (var (key, value) in eventData.Properties)
            {
                message.ApplicationProperties[key] = ToAmqpValue(key, value);
            }
        }

        if (partitionKey is not null)
        {
            message.MessageAnnotations = new MessageAnnotations();
            message.MessageAnnotations[AmqpProperty.PartitionKey] = partitionKey;
        }

        return message;
    }

    /// <summary>Reads an event the service delivered, including the annotations it stamped on it.</summary>
    public static EventData ToEventData(Message message)
    {
        var systemProperties = new Dictionary<string, object>(StringComparer.Ordinal);
        long sequenceNumber = long.MinValue;
        string offset = string.Empty;
        DateTimeOffset enqueuedTime = default;
        string? partitionKey = null;
        if (message.MessageAnnotations is { } annotations)
        {
            foreach (var entry in annotations.Map)
            {
                string key = entry.Key.ToString() ?? string.Empty;
                object? value = entry.Value;
                if (value is null)
                {
                    continue;
                }

                systemProperties[key] = value is DateTime time ? new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)) : value;
                switch (key)
                {
                    case "x-opt-sequence-number": sequenceNumber = Convert.ToInt64(value, CultureInfo.InvariantCulture); break;
                    case "x-opt-offset": offset = Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty; break;
                    case "x-opt-enqueued-time": enqueuedTime = ToDateTimeOffset(value); break;
                    case "x-opt-partition-key": partitionKey = value.ToString(); break;
                    default: break;
                }
            }
        }

        var properties = new Dictionary<string, object>(StringComparer.Ordinal);
        if (message.ApplicationProperties is { } applicationProperties)
        {
            foreach (var entry in applicationProperties.Map)
            {
                if (entry.Value is not null)
                {
                    properties[entry.Key.ToString() ?? string.Empty] = entry.Value;
                }
            }
        }

        var eventData = new EventData(ReadBody(message), properties, systemProperties, sequenceNumber, offset, enqueuedTime, partitionKey);
        if (message.Properties is { } amqpProperties)
        {
            eventData.MessageId = amqpProperties.GetMessageId()?.ToString();
            eventData.CorrelationId = amqpProperties.GetCorrelationId()?.ToString();
            eventData.ContentType = amqpProperties.ContentType?.ToString();
        }

        return eventData;
    }

    /// <summary>A data section over the body's bytes, without copying when the body is array-backed.</summary>
    public static Data ToDataSection(BinaryData body)
    {
        var memory = body.ToMemory();
        if (MemoryMarshal.TryGetArray(memory, out var segment) && segment.Array is not null)
        {
            return new Data { Buffer = new ByteBuffer(segment.Array, segment.Offset, segment.Count, segment.Count) };
        }

        return new Data { Binary = memory.ToArray() };
    }

    private static BinaryData ReadBody(Message message) => message.BodySection switch
    {
        DataList list => Concatenate(list),
        // Binary copies: a decoded section may point into a pooled transport buffer.
        Data data => BinaryData.FromBytes(data.Binary ?? []),
        AmqpValue { Value: byte[] bytes } => BinaryData.FromBytes(bytes),
        AmqpValue { Value: string text } => BinaryData.FromString(text),
        null => BinaryData.Empty,
        _ => throw new EventHubsException(false, null, $"The event body is a {message.BodySection.GetType().Name} section; Event Hubs events carry data sections.", EventHubsException.FailureReason.GeneralError),
    };

    private static BinaryData Concatenate(DataList list)
    {
        using var stream = new MemoryStream();
        for (int i = 0; i < list.Count; i++)
        {
            stream.Write(list[i].Binary);
        }

        return BinaryData.FromBytes(stream.ToArray());
    }

    private static DateTimeOffset ToDateTimeOffset(object value) => value switch
    {
        DateTime time => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)),
        long milliseconds => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds),
        _ => default,
    };

    // The types AMQP has a primitive encoding for; the rest would not survive the trip to another SDK.
    private static object ToAmqpValue(string key, object value) => value switch
    {
        string or bool or byte or sbyte or short or ushort or int or uint or long or ulong or float or double or char or Guid or byte[] => value,
        DateTime time => time.ToUniversalTime(),
        DateTimeOffset time => time.UtcDateTime,
        Uri uri => uri.ToString(),
        null => throw new ArgumentException($"The application property '{key}' is null; Event Hubs properties need a value.", nameof(value)),
        _ => throw new ArgumentException(
            $"The application property '{key}' has type {value.GetType().Name}, which AMQP cannot carry; use a string, number, bool, Guid, DateTime(Offset), Uri or byte[].",
            nameof(value)),
    };
}
