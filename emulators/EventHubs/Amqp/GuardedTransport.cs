using System.Buffers;
using System.Buffers.Binary;
using System.Net.Sockets;
using Amqp;

namespace Pipeline.Emulators.EventHubs.Amqp;

/// <summary>
/// The socket under one AMQP connection, with two protections AMQPNetLite's listener lacks:
/// it holds the server's AMQP header and open until the client's own AMQP header has arrived (rhea otherwise
/// parks those bytes and stalls until the next heartbeat), and it passes incoming frames through a
/// <see cref="StaleFrameFilter"/> so that frames for ended sessions or detached links cannot fail the connection.
/// </summary>
internal sealed class GuardedTransport : IAsyncTransport
{
    private const int MaxFrameSize = 1024 * 1024 * 4;
    private const SocketOptionName TcpQuickAck = (SocketOptionName)12;
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(30);

    private readonly Socket socket;
    private readonly StaleFrameFilter filter = new();
    private readonly TaskCompletionSource clientHeaderSeen = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Timer handshakeTimer;
    private byte[] input = new byte[64 * 1024];
    private int start;
    private int end;
    private int passRemaining;
    private bool passEverything;
    private int closed;

    public GuardedTransport(Socket socket)
    {
        this.socket = socket;
        // A client that connects and never finishes the handshake must not hold the listener's accept loop.
        handshakeTimer = new Timer(_ => { if (!clientHeaderSeen.Task.IsCompleted) { Close(); } }, null, HandshakeTimeout, Timeout.InfiniteTimeSpan);
    }

    public void SetConnection(Connection connection)
    {
    }

    public async Task SendAsync(IList<ByteBuffer> bufferList, int listSize)
    {
        // AMQPNetLite's writer sends whatever has queued up each time a send completes. Writing inline would complete
        // at once on loopback, so a consumer streaming events paid one system call per event; handing the write to
        // the thread pool lets the events produced meanwhile queue up and leave together in the next write.
        await Task.Yield();
        await SendNowAsync(bufferList, listSize).ConfigureAwait(false);
    }

    public void Send(ByteBuffer buffer) =>
        SendNowAsync([buffer], buffer.Length).GetAwaiter().GetResult();

    private async Task SendNowAsync(IList<ByteBuffer> bufferList, int listSize)
    {
        if (!clientHeaderSeen.Task.IsCompleted && StartsWithAmqpHeader(bufferList))
        {
            await clientHeaderSeen.Task.ConfigureAwait(false);
        }

        if (bufferList.Count == 1)
        {
            var only = bufferList[0];
            await socket.SendAsync(only.Buffer.AsMemory(only.Offset, only.Length), SocketFlags.None).ConfigureAwait(false);
            return;
        }

        var joined = ArrayPool<byte>.Shared.Rent(listSize);
        try
        {
            var position = 0;
            foreach (var buffer in bufferList)
            {
                Buffer.BlockCopy(buffer.Buffer, buffer.Offset, joined, position, buffer.Length);
                position += buffer.Length;
            }

            await socket.SendAsync(joined.AsMemory(0, position), SocketFlags.None).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(joined);
        }
    }

    public int Receive(byte[] buffer, int offset, int count) =>
        ReceiveAsync(buffer, offset, count).GetAwaiter().GetResult();

    public async Task<int> ReceiveAsync(byte[] buffer, int offset, int count)
    {
        while (true)
        {
            if (passRemaining > 0 || passEverything)
            {
                if (end == start && !await FillAsync().ConfigureAwait(false))
                {
                    return 0;
                }

                var n = Math.Min(count, end - start);
                if (!passEverything)
                {
                    n = Math.Min(n, passRemaining);
                    passRemaining -= n;
                }

                Buffer.BlockCopy(input, start, buffer, offset, n);
                start += n;
                return n;
            }

            // At a unit boundary: a protocol header or a frame.
            if (!await EnsureAsync(8).ConfigureAwait(false))
            {
                return 0;
            }

            if (input[start] == (byte)'A')
            {
                if (input[start + 4] == 0)
                {
                    clientHeaderSeen.TrySetResult();
                    handshakeTimer.Dispose();
                }

                passRemaining = 8;
                continue;
            }

            var size = BinaryPrimitives.ReadInt32BigEndian(input.AsSpan(start));
            if (size < 8 || size > MaxFrameSize)
            {
                // Not something we can reason about: let AMQPNetLite report the protocol error.
                passEverything = true;
                continue;
            }

            if (input[start + 5] != 0 || size == 8)
            {
                passRemaining = size;
                continue;
            }

            if (!await EnsureAsync(size).ConfigureAwait(false))
            {
                return 0;
            }

            if (filter.ShouldDeliver(input, start, size))
            {
                passRemaining = size;
            }
            else
            {
                start += size;
            }
        }
    }

    public void Close()
    {
        if (Interlocked.Exchange(ref closed, 1) == 1)
        {
            return;
        }

        handshakeTimer.Dispose();
        clientHeaderSeen.TrySetResult();
        socket.Dispose();
    }

    private static bool StartsWithAmqpHeader(IList<ByteBuffer> buffers)
    {
        if (buffers.Count == 0 || buffers[0].Length < 8)
        {
            return false;
        }

        var b = buffers[0];
        var span = b.Buffer.AsSpan(b.Offset, 8);
        return span[0] == 'A' && span[1] == 'M' && span[2] == 'Q' && span[3] == 'P' && span[4] == 0;
    }

    private async Task<bool> EnsureAsync(int bytes)
    {
        while (end - start < bytes)
        {
            if (input.Length - start < bytes)
            {
                // Move the partial frame to the front; a new array only when the frame is larger than any before it.
                // (Growing whenever the frame did not fit behind `start` allocated 2 MB for nearly every 1 MB batch.)
                var target = input.Length >= bytes ? input : new byte[bytes * 2];
                Buffer.BlockCopy(input, start, target, 0, end - start);
                end -= start;
                start = 0;
                input = target;
            }

            if (!await FillAsync().ConfigureAwait(false))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Clients such as rhea leave Nagle's algorithm on: a small transfer right after a small disposition then
    /// waits for our ACK, which Linux delays by up to 40 ms. Quick ACKs (re-armed after every read) avoid the stall.
    /// </summary>
    private void AcknowledgeQuickly()
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                socket.SetSocketOption(SocketOptionLevel.Tcp, TcpQuickAck, true);
            }
            catch (SocketException)
            {
                // Best effort: only latency depends on it.
            }
        }
    }

    private async Task<bool> FillAsync()
    {
        if (start == end)
        {
            start = end = 0;
        }
        else if (end == input.Length)
        {
            Buffer.BlockCopy(input, start, input, 0, end - start);
            end -= start;
            start = 0;
        }

        int read;
        try
        {
            read = await socket.ReceiveAsync(input.AsMemory(end), SocketFlags.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return false;
        }

        end += read;
        AcknowledgeQuickly();
        return read > 0;
    }
}
