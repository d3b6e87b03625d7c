using Amqp;

namespace Pipeline.EventHubs.Amqp;

/// <summary>
/// Pooled transport buffers that leave room to spare. AMQPNetLite sizes a message's buffer from an estimate that
/// leaves out each data section's framing (8 bytes per event in a batch), so a full batch outgrew its pooled buffer
/// and was copied into one twice the size on every send; asking the pool for a little more avoids that copy.
/// </summary>
internal sealed class TransportBufferPool : IBufferManager
{
    private readonly IBufferManager _pool;

    public TransportBufferPool(int minBufferSize, int maxBufferSize, long maxMemorySize) =>
        _pool = new BufferManager(minBufferSize, maxBufferSize, maxMemorySize);

    public ArraySegment<byte> TakeBuffer(int bufferSize) => _pool.TakeBuffer(bufferSize + (bufferSize / 32));

    public void ReturnBuffer(ArraySegment<byte> buffer) => _pool.ReturnBuffer(buffer);
}
