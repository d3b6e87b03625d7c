using System.Text.Json;
using Pipeline.Emulators.FunctionsHost.Invocation;

namespace Pipeline.Emulators.FunctionsHost.EventHubs;

/// <summary>
/// Writes a JSON value as a JSON string property (how the host passes arrays and scalars) a few kilobytes at a time.
/// Building the inner text of a thousand events first and escaping it in one call made the writer rent a buffer six
/// times its size (8 MB per batch), which missed the pool and landed on the large object heap, forcing gen-2 collections.
/// Not thread-safe; one per envelope.
/// </summary>
internal sealed class EncodedJsonValueWriter : IDisposable
{
    // Small enough that the escaped segment (at most six times this) stays a pooled, small-object-heap buffer.
    private const int SegmentBytes = 8 * 1024;

    private readonly PooledBufferWriter _scratch = new(SegmentBytes * 2);
    private readonly Utf8JsonWriter _inner;
    private Utf8JsonWriter? _outer;

    public EncodedJsonValueWriter(JsonWriterOptions options)
    {
        _inner = new Utf8JsonWriter(_scratch, options);
    }

    /// <summary>Writes the property name to <paramref name="outer"/> and returns the writer for the value's JSON text.</summary>
    public Utf8JsonWriter Begin(Utf8JsonWriter outer, string name)
    {
        ObjectDisposedException.ThrowIf(_scratch.Capacity == 0, this);
        outer.WritePropertyName(name);
        _outer = outer;
        _scratch.Clear();
        _inner.Reset(_scratch);
        return _inner;
    }

    /// <summary>Moves what the inner writer produced so far into the outer string once it fills a segment; call between array elements.</summary>
    public void FlushIfFull()
    {
        if (_scratch.WrittenCount + _inner.BytesPending < SegmentBytes)
        {
            return;
        }

        _inner.Flush();
        _outer!.WriteStringValueSegment(_scratch.WrittenSpan, isFinalSegment: false);
        _scratch.Clear();
    }

    /// <summary>Closes the JSON string of the value begun with <see cref="Begin"/>.</summary>
    public void End()
    {
        _inner.Flush();
        _outer!.WriteStringValueSegment(_scratch.WrittenSpan, isFinalSegment: true);
        _scratch.Clear();
        _outer = null;
    }

    public void Dispose()
    {
        _inner.Dispose();
        _scratch.Dispose();
    }
}
