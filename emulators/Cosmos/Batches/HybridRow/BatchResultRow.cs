using System.Text;

namespace Pipeline.Emulators.Cosmos.Batches.HybridRow;

/// <summary>
/// Writes one row of the SDK's `BatchResult` schema: a presence bitmask, the fixed int32 statusCode and subStatusCode,
/// the variable eTag and resourceBody, then the sparse retryAfterMilliseconds (uint32) and requestCharge (float64).
/// </summary>
internal static class BatchResultRow
{
    // Path tokens of the sparse columns: 0 is the empty path, then statusCode, subStatusCode, eTag, resourceBody.
    private const byte RetryAfterToken = 5;
    private const byte RequestChargeToken = 6;

    public static void Write(RowWriter writer, BatchOperationResult result)
    {
        writer.WriteByte(HybridRowFormat.Version1);
        writer.WriteInt32(HybridRowFormat.BatchResultSchema);
        var presence = (byte)(1 | 2 | (result.ETag is null ? 0 : 4) | (result.Body is null ? 0 : 8));
        writer.WriteByte(presence);
        writer.WriteInt32((int)result.Status);
        writer.WriteInt32(result.SubStatus);
        if (result.ETag is { } etag)
        {
            WriteUtf8(writer, etag);
        }

        if (result.Body is { } body)
        {
            writer.WriteLengthPrefixed(body);
        }

        if (result.RetryAfterMilliseconds is { } retryAfter)
        {
            writer.WriteByte(HybridRowFormat.Codes.UInt32);
            writer.WriteByte(RetryAfterToken);
            writer.WriteUInt32((uint)Math.Max(0, retryAfter));
        }

        writer.WriteByte(HybridRowFormat.Codes.Float64);
        writer.WriteByte(RequestChargeToken);
        writer.WriteFloat64(result.Charge);
    }

    private static void WriteUtf8(RowWriter writer, string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        writer.WriteVarUInt((ulong)length);
        Encoding.UTF8.GetBytes(value, writer.Append(length));
    }
}
