using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Pipeline.Emulators.Cosmos.Storage;

/// <summary>
/// Stamps `_rid`, `_self`, `_etag`, `_attachments`, `_ts` and `_lsn` onto an item's JSON by copying the client's
/// properties byte for byte, so that a write costs one scan of the body rather than building a tree of it and
/// re-serialising every string (re-escaping a long base64 value was most of a large write's CPU).
/// </summary>
internal static class SystemProperties
{
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 128 };

    /// <summary>The item's body: <paramref name="validatedObject"/>'s properties minus any system ones the client sent, then the service's.</summary>
    public static byte[] Stamp(ReadOnlySpan<byte> validatedObject, string rid, string self, string etag, long timestamp, long lsn)
    {
        // The values are base64 resource ids, paths of them and a quoted GUID: only the etag's quotes need escaping.
        var suffix = string.Create(
            CultureInfo.InvariantCulture,
            $"\"_rid\":\"{rid}\",\"_self\":\"{self}\",\"_etag\":\"{etag.Replace("\"", "\\\"", StringComparison.Ordinal)}\",\"_attachments\":\"attachments/\",\"_ts\":{timestamp},\"_lsn\":{lsn}}}");
        var buffer = ArrayPool<byte>.Shared.Rent(validatedObject.Length + Encoding.UTF8.GetMaxByteCount(suffix.Length) + 2);
        try
        {
            var length = 0;
            buffer[length++] = (byte)'{';
            var reader = new Utf8JsonReader(validatedObject, ReaderOptions);
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var start = (int)reader.TokenStartIndex;
                var system = IsSystem(ref reader);
                reader.Read();
                reader.Skip();
                if (system)
                {
                    continue;
                }

                var property = validatedObject[start..(int)reader.BytesConsumed];
                property.CopyTo(buffer.AsSpan(length));
                length += property.Length;
                buffer[length++] = (byte)',';
            }

            length += Encoding.UTF8.GetBytes(suffix, buffer.AsSpan(length));
            // Every byte is copied over at once, so zeroing the array first (as `new` does) would be wasted work.
            var body = GC.AllocateUninitializedArray<byte>(length);
            buffer.AsSpan(0, length).CopyTo(body);
            return body;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static bool IsSystem(ref Utf8JsonReader reader) =>
        (reader.ValueIsEscaped || reader.ValueSpan is [(byte)'_', ..])
        && (reader.ValueTextEquals("_rid"u8) || reader.ValueTextEquals("_self"u8) || reader.ValueTextEquals("_etag"u8)
        || reader.ValueTextEquals("_attachments"u8) || reader.ValueTextEquals("_ts"u8) || reader.ValueTextEquals("_lsn"u8));
}
