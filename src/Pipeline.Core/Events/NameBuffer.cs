namespace Pipeline.Core.Events;

/// <summary>A growable byte buffer reused across the events of one body, holding the extension names seen in the current event.</summary>
internal sealed class NameBuffer
{
    private byte[] buffer = new byte[128];

    public int Count { get; private set; }

    public ReadOnlySpan<byte> Written => buffer.AsSpan(0, Count);

    public Span<byte> GetSpan(int capacity)
    {
        if (buffer.Length < capacity)
        {
            Array.Resize(ref buffer, Math.Max(capacity, buffer.Length * 2));
        }

        return buffer;
    }

    public void Advance(int count) => Count += count;

    public void Clear() => Count = 0;
}
