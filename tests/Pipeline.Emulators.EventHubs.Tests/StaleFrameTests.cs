using System.Buffers.Binary;
using System.Net.Sockets;
using Amqp;
using Amqp.Framing;
using Amqp.Sasl;
using Amqp.Types;
using Pipeline.Emulators.EventHubs.Entities;

namespace Pipeline.Emulators.EventHubs.Tests;

/// <summary>Speaks raw AMQP frames to reproduce the shutdown race clients really produce.</summary>
public sealed class StaleFrameTests
{
    private static byte[] Frame(ushort channel, DescribedList performative, byte type = 0)
    {
        var body = new ByteBuffer(256, autoGrow: true);
        Encoder.WriteObject(body, performative);
        var frame = new byte[8 + body.Length];
        BinaryPrimitives.WriteInt32BigEndian(frame, frame.Length);
        frame[4] = 2;
        frame[5] = type;
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(6), channel);
        body.Buffer.AsSpan(body.Offset, body.Length).CopyTo(frame.AsSpan(8));
        return frame;
    }

    private static async Task<DescribedList?> ReadFrameAsync(NetworkStream stream, CancellationToken ct)
    {
        var header = new byte[8];
        await stream.ReadExactlyAsync(header, ct);
        if (header[0] == (byte)'A')
        {
            return await ReadFrameAsync(stream, ct);
        }

        var size = BinaryPrimitives.ReadInt32BigEndian(header);
        var body = new byte[size - 8];
        await stream.ReadExactlyAsync(body, ct);
        return body.Length == 0 ? null : Encoder.ReadObject(new ByteBuffer(body, 0, body.Length, body.Length)) as DescribedList;
    }

    private static async Task<T> ExpectAsync<T>(NetworkStream stream, CancellationToken ct)
        where T : DescribedList
    {
        while (true)
        {
            var frame = await ReadFrameAsync(stream, ct);
            if (frame is T wanted)
            {
                return wanted;
            }

            if (frame is Close close)
            {
                throw new InvalidOperationException($"The emulator closed the connection: {close.Error}");
            }
        }
    }

    [Fact]
    public async Task Flows_and_dispositions_after_the_client_ended_its_session_do_not_fail_the_connection()
    {
        await using var emulator = await TestEmulator.StartAsync(null, new EventHubDefinition("race", 1));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var ct = timeout.Token;
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", emulator.Port, ct);
        var stream = tcp.GetStream();

        await stream.WriteAsync("AMQP\x03\x01\x00\x00"u8.ToArray(), ct);
        await stream.WriteAsync(Frame(0, new SaslInit { Mechanism = "ANONYMOUS" }, type: 1), ct);
        Assert.Equal(SaslCode.Ok, (await ExpectAsync<SaslOutcome>(stream, ct)).Code);

        await stream.WriteAsync("AMQP\x00\x01\x00\x00"u8.ToArray(), ct);
        await stream.WriteAsync(Frame(0, new Open { ContainerId = "race-client", MaxFrameSize = 65536, IdleTimeOut = 60000 }), ct);
        await ExpectAsync<Open>(stream, ct);

        await stream.WriteAsync(Frame(0, new Begin { NextOutgoingId = 0, IncomingWindow = 100, OutgoingWindow = 100 }), ct);
        await ExpectAsync<Begin>(stream, ct);
        await stream.WriteAsync(Frame(0, new Attach { LinkName = "r", Handle = 0, Role = true, Source = new Source { Address = "$cbs" }, Target = new Target() }), ct);
        await ExpectAsync<Attach>(stream, ct);

        // The race: detach, then a flow for the detached handle; end, then flow and disposition on the ended session.
        await stream.WriteAsync(Frame(0, new Detach { Handle = 0, Closed = true }), ct);
        await stream.WriteAsync(Frame(0, new Flow { Handle = 0, LinkCredit = 10, DeliveryCount = 0, NextIncomingId = 0, IncomingWindow = 100, NextOutgoingId = 0, OutgoingWindow = 100 }), ct);
        await stream.WriteAsync(Frame(0, new End()), ct);
        await stream.WriteAsync(Frame(0, new Flow { NextIncomingId = 0, IncomingWindow = 100, NextOutgoingId = 0, OutgoingWindow = 100 }), ct);
        await stream.WriteAsync(Frame(0, new Dispose { Role = true, First = 0, Settled = true, State = new Accepted() }), ct);
        await ExpectAsync<End>(stream, ct);

        // The connection is still usable: a new session on the same channel works, and close is answered.
        await stream.WriteAsync(Frame(0, new Begin { NextOutgoingId = 0, IncomingWindow = 100, OutgoingWindow = 100 }), ct);
        await ExpectAsync<Begin>(stream, ct);
        await stream.WriteAsync(Frame(0, new Close()), ct);
        var closed = await ExpectAsync<Close>(stream, ct);
        Assert.Null(closed.Error);
    }
}
