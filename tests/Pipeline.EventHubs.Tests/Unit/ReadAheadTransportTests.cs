using Amqp;
using Pipeline.EventHubs.Amqp;

namespace Pipeline.EventHubs.Tests.Unit;

public class ReadAheadTransportTests
{
    [Fact]
    public async Task Frames_read_as_size_then_body_come_out_intact_however_the_socket_splits_them()
    {
        var frames = Enumerable.Range(0, 300).Select(i => Frame(1 + (i * 37 % 5000), (byte)i)).ToList();
        var wire = frames.SelectMany(f => f).ToArray();
        var socket = new ScriptedSocket(wire, pieceSizes: [1, 3, 7000, 65536, 11, 200_000]);
        var transport = new ReadAheadTransport(socket);

        foreach (var expected in frames)
        {
            var size = new byte[4];
            await ReadExactlyAsync(transport, size, 0, 4);
            var length = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(size);
            var frame = new byte[length];
            size.CopyTo(frame, 0);
            await ReadExactlyAsync(transport, frame, 4, length - 4);
            Assert.Equal(expected, frame);
        }

        Assert.Equal(0, await transport.ReceiveAsync(new byte[4], 0, 4));
        Assert.True(socket.Reads < frames.Count, $"{socket.Reads} socket reads for {frames.Count} frames");
    }

    [Fact]
    public async Task A_read_larger_than_the_buffer_goes_straight_to_the_socket()
    {
        var wire = Frame(300_000, 7);
        var socket = new ScriptedSocket(wire, pieceSizes: [1_000_000]);
        var transport = new ReadAheadTransport(socket);

        var frame = new byte[wire.Length];
        await ReadExactlyAsync(transport, frame, 0, frame.Length);

        Assert.Equal(wire, frame);
        Assert.Equal(1, socket.Reads);
    }

    [Fact]
    public void Sends_pass_through_unchanged()
    {
        var socket = new ScriptedSocket([], pieceSizes: [1]);
        var transport = new ReadAheadTransport(socket);

        transport.Send(new ByteBuffer([1, 2, 3], 0, 3, 3));

        Assert.Equal(new byte[] { 1, 2, 3 }, socket.Sent);
    }

    private static async Task ReadExactlyAsync(IAsyncTransport transport, byte[] buffer, int offset, int count)
    {
        while (count > 0)
        {
            var read = await transport.ReceiveAsync(buffer, offset, count);
            Assert.True(read > 0, "the stream ended early");
            offset += read;
            count -= read;
        }
    }

    private static byte[] Frame(int bodyLength, byte fill)
    {
        var frame = new byte[bodyLength + 8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(frame, frame.Length);
        frame.AsSpan(4).Fill(fill);
        return frame;
    }

    /// <summary>A socket that returns the wire bytes in pieces of the given sizes, in turn, and records what is sent.</summary>
    private sealed class ScriptedSocket(byte[] wire, int[] pieceSizes) : IAsyncTransport
    {
        private int _position;

        public int Reads { get; private set; }

        public byte[] Sent { get; private set; } = [];

        public void SetConnection(Connection connection)
        {
        }

        public Task SendAsync(IList<ByteBuffer> bufferList, int listSize) => throw new InvalidOperationException("Not used by these tests.");

        public void Send(ByteBuffer buffer) => Sent = buffer.Buffer.AsSpan(buffer.Offset, buffer.Length).ToArray();

        public int Receive(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(Math.Min(count, pieceSizes[Reads % pieceSizes.Length]), wire.Length - _position);
            Reads++;
            Array.Copy(wire, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public async Task<int> ReceiveAsync(byte[] buffer, int offset, int count)
        {
            await Task.Yield();
            return Receive(buffer, offset, count);
        }

        public void Close()
        {
        }
    }
}
