using System.Buffers.Binary;
using Amqp;
using Amqp.Framing;
using Amqp.Types;

namespace Pipeline.Emulators.EventHubs.Amqp;

/// <summary>
/// Drops incoming frames that refer to a session the client already ended or a link handle the client already
/// detached. Clients legitimately send such frames while shutting down (a flow or disposition racing their own
/// end); AMQPNetLite would answer them by failing the whole connection, and the client would then wait a minute
/// for a close that never comes.
/// </summary>
internal sealed class StaleFrameFilter
{
    private const byte Open = 0x10;
    private const byte Begin = 0x11;
    private const byte Attach = 0x12;
    private const byte Flow = 0x13;
    private const byte Transfer = 0x14;
    private const byte Detach = 0x16;
    private const byte End = 0x17;
    private const byte Close = 0x18;

    private readonly HashSet<ushort> endedChannels = [];
    private readonly Dictionary<ushort, HashSet<uint>> detachedHandles = [];

    /// <summary>Decides for one complete AMQP frame (header included) whether AMQPNetLite should see it.</summary>
    public bool ShouldDeliver(byte[] frame, int offset, int size)
    {
        var channel = BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(offset + 6));
        var bodyOffset = offset + (frame[offset + 4] * 4);
        var code = PerformativeCode(frame, bodyOffset, offset + size);
        if (code is Open or Close)
        {
            // Connection-level frames travel on channel 0 whether or not a session there has ended.
            return true;
        }

        if (code == Begin)
        {
            endedChannels.Remove(channel);
            detachedHandles.Remove(channel);
            return true;
        }

        if (endedChannels.Contains(channel))
        {
            return false;
        }

        switch (code)
        {
            case End:
                endedChannels.Add(channel);
                detachedHandles.Remove(channel);
                return true;
            case Attach:
                if (Decode(frame, bodyOffset, offset + size) is Attach attach && detachedHandles.TryGetValue(channel, out var reattached))
                {
                    reattached.Remove(attach.Handle);
                }

                return true;
            case Detach:
                if (Decode(frame, bodyOffset, offset + size) is Detach detach)
                {
                    if (!detachedHandles.TryGetValue(channel, out var handles))
                    {
                        detachedHandles[channel] = handles = [];
                    }

                    return handles.Add(detach.Handle);
                }

                return true;
            case Flow or Transfer when detachedHandles.TryGetValue(channel, out var stale) && stale.Count > 0:
                var command = Decode(frame, bodyOffset, offset + size);
                var handle = command switch
                {
                    Flow { HasHandle: true } f => f.Handle,
                    Transfer t => t.Handle,
                    _ => (uint?)null,
                };
                return handle is null || !stale.Contains(handle.Value);
            default:
                return true;
        }
    }

    private static int PerformativeCode(byte[] frame, int body, int end)
    {
        // A performative is a described list: 0x00, then its descriptor as smallulong (0x53 code) or ulong (0x80 + 8 bytes).
        if (body + 3 > end || frame[body] != 0x00)
        {
            return -1;
        }

        return frame[body + 1] switch
        {
            0x53 => frame[body + 2],
            0x80 when body + 10 <= end => frame[body + 9],
            _ => -1,
        };
    }

    private static object? Decode(byte[] frame, int body, int end)
    {
        try
        {
            return Encoder.ReadObject(new ByteBuffer(frame, body, end - body, end - body));
        }
        catch (AmqpException)
        {
            // Malformed: let AMQPNetLite see it and answer with its own decode error.
            return null;
        }
    }
}
