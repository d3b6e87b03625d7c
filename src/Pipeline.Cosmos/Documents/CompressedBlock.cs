using System.Buffers;
using System.Buffers.Text;
using System.IO.Compression;

namespace Pipeline.Cosmos.Documents;

/// <summary>
/// One element of a document's <c>z</c>: consecutive runs of an <see cref="EventBuffer"/> as one JSON array of events,
/// Brotli-compressed and base64-encoded. Kept as the finished JSON string token (quotes included), so a tip write or a
/// calve copies it into the document as it is instead of compressing the same events again.
/// </summary>
internal sealed class CompressedBlock
{
    // Speed matters more than the last few percent of size (each append compresses its new events, and now and then
    // merges the latest blocks into one). Measured on one-kilobyte events: quality 1 takes about half the CPU of
    // quality 2 and its output is 0–12 % larger. Readers do not depend on the quality or the window.
    private const int BrotliQuality = 1;
    private const int BrotliWindow = 22;

    private CompressedBlock(int runCount, int eventCount, byte[] token)
    {
        RunCount = runCount;
        EventCount = eventCount;
        Token = token;
    }

    /// <summary>How many of the buffer's runs the block holds.</summary>
    public int RunCount { get; }

    /// <summary>How many events the block holds.</summary>
    public int EventCount { get; }

    /// <summary>The block as a JSON string token: <c>"</c>, the base64 of the Brotli bytes, <c>"</c>.</summary>
    public byte[] Token { get; }

    /// <summary>Compresses runs (each a JSON array of events) as the one array that joins them.</summary>
    public static CompressedBlock Compress(ReadOnlySpan<EventRun> runs)
    {
        var eventCount = 0;
        foreach (var run in runs)
        {
            eventCount += run.Count;
        }

        if (runs.Length == 1)
        {
            return new CompressedBlock(1, eventCount, Compress(runs[0].Json.Span));
        }

        var joined = ArrayPool<byte>.Shared.Rent(EventRun.JoinedLength(runs));
        try
        {
            var length = EventRun.Join(runs, joined);
            return new CompressedBlock(runs.Length, eventCount, Compress(joined.AsSpan(0, length)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(joined);
        }
    }

    /// <summary>A block read from a stored document: its token as stored when it needs no unescaping, else written anew.</summary>
    public static CompressedBlock FromStored(ReadOnlySpan<byte> rawToken, byte[] compressed, int eventCount) =>
        new(1, eventCount, rawToken.IndexOf((byte)'\\') < 0 ? rawToken.ToArray() : TokenOf(compressed));

    private static byte[] Compress(ReadOnlySpan<byte> json)
    {
        var compressed = ArrayPool<byte>.Shared.Rent(BrotliEncoder.GetMaxCompressedLength(json.Length));
        try
        {
            if (!BrotliEncoder.TryCompress(json, compressed, out var written, BrotliQuality, BrotliWindow))
            {
                throw new InvalidOperationException("Brotli could not compress into a buffer of its own maximum compressed length.");
            }

            return TokenOf(compressed.AsSpan(0, written));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(compressed);
        }
    }

    private static byte[] TokenOf(ReadOnlySpan<byte> compressed)
    {
        var token = new byte[Base64.GetMaxEncodedToUtf8Length(compressed.Length) + 2];
        token[0] = (byte)'"';
        Base64.EncodeToUtf8(compressed, token.AsSpan(1), out _, out var encoded);
        token[encoded + 1] = (byte)'"';
        return token;
    }
}
