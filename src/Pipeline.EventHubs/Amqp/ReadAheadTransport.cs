using Amqp;

namespace Pipeline.EventHubs.Amqp;

/// <summary>
/// Reads the connection's bytes in large chunks and hands them out from memory. AMQPNetLite asks its transport for
/// each frame in two reads (the size, then the rest), and its own read buffer only switches on after about 12 s of
/// sustained traffic; a receiver streaming 1 KB events therefore paid two socket reads per event.
/// Not thread-safe for reads: AMQPNetLite's pump is the only reader. Sends pass straight through.
/// </summary>
internal sealed class ReadAheadTransport : IAsyncTransport
{
    private const int ChunkSize = 64 * 1024;
    private const int FrameSizeLength = 4;

    // Completed reads are mostly of the frame-size prefix or of a frame as long as the previous one: reuse those tasks.
    private static readonly Task<int> FrameSizeRead = Task.FromResult(FrameSizeLength);

    private readonly IAsyncTransport _inner;
    private readonly byte[] _chunk = new byte[ChunkSize];
    private int _start;
    private int _end;
    private Task<int> _lastRead = FrameSizeRead;

    public ReadAheadTransport(IAsyncTransport inner) => _inner = inner;

    public void SetConnection(Connection connection) => _inner.SetConnection(connection);

    public Task SendAsync(IList<ByteBuffer> bufferList, int listSize) => _inner.SendAsync(bufferList, listSize);

    public void Send(ByteBuffer buffer) => _inner.Send(buffer);

    public int Receive(byte[] buffer, int offset, int count)
    {
        if (_end == _start)
        {
            if (count >= ChunkSize)
            {
                return _inner.Receive(buffer, offset, count);
            }

            _start = 0;
            _end = _inner.Receive(_chunk, 0, ChunkSize);
        }

        return TakeBuffered(buffer, offset, count);
    }

    public Task<int> ReceiveAsync(byte[] buffer, int offset, int count)
    {
        if (_end > _start)
        {
            return Completed(TakeBuffered(buffer, offset, count));
        }

        // A read at least as large as the chunk (a big frame's body) goes straight into the caller's buffer.
        return count >= ChunkSize ? _inner.ReceiveAsync(buffer, offset, count) : FillAndTakeAsync(buffer, offset, count);
    }

    public void Close() => _inner.Close();

    private async Task<int> FillAndTakeAsync(byte[] buffer, int offset, int count)
    {
        var read = await _inner.ReceiveAsync(_chunk, 0, ChunkSize).ConfigureAwait(false);
        if (read <= 0)
        {
            // The peer closed: AMQPNetLite treats a zero-length read as the end of the connection.
            return read;
        }

        _start = 0;
        _end = read;
        return TakeBuffered(buffer, offset, count);
    }

    private int TakeBuffered(byte[] buffer, int offset, int count)
    {
        var n = Math.Min(count, _end - _start);
        Buffer.BlockCopy(_chunk, _start, buffer, offset, n);
        _start += n;
        return n;
    }

    private Task<int> Completed(int n)
    {
        if (n == FrameSizeLength)
        {
            return FrameSizeRead;
        }

        if (_lastRead.Result != n)
        {
            _lastRead = Task.FromResult(n);
        }

        return _lastRead;
    }
}
