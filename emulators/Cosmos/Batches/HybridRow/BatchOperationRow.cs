using System.Buffers.Binary;
using Pipeline.Emulators.Cosmos.Errors;

namespace Pipeline.Emulators.Cosmos.Batches.HybridRow;

/// <summary>
/// Reads one row of the SDK's `BatchOperation` schema. Its layout: a one-byte presence bitmask (bit i for the i-th
/// nullable column), the fixed int32 columns operationType and resourceType, the variable columns partitionKey,
/// effectivePartitionKey, id, binaryId and resourceBody (each present one as a varint length and its bytes), then
/// sparse fields (a layout code, a path token, the value) for indexingDirective, ifMatch, ifNoneMatch,
/// timeToLiveInSeconds and minimalReturnPreference.
/// </summary>
internal static class BatchOperationRow
{
    private const int FixedSize = 1 + 4 + 4;

    // Path tokens: 0 is the empty path, then the columns in layout order (fixed, variable, sparse).
    private const ulong IndexingDirectiveToken = 8;
    private const ulong IfMatchToken = 9;
    private const ulong IfNoneMatchToken = 10;
    private const ulong TimeToLiveToken = 11;
    private const ulong MinimalReturnToken = 12;
    private const ulong TokenCount = 13;

    private const int DocumentResourceType = 2;

    public static BatchOperation Read(ReadOnlySpan<byte> row, int index)
    {
        var reader = new RowSpan(row, "batch operation", index);
        if (reader.ReadByte() != HybridRowFormat.Version1 || reader.ReadInt32() is not HybridRowFormat.BatchOperationSchema)
        {
            throw Fail.MalformedBatch($"Batch operation {index} is not a HybridRow row of the BatchOperation schema ({HybridRowFormat.BatchOperationSchema}).");
        }

        var fixedPart = reader.Take(FixedSize);
        var presence = fixedPart[0];
        if ((presence & 1) == 0)
        {
            throw Fail.MalformedBatch($"Batch operation {index} has no operationType.");
        }

        var operationType = BinaryPrimitives.ReadInt32LittleEndian(fixedPart[1..]);
        if ((presence & 2) != 0 && BinaryPrimitives.ReadInt32LittleEndian(fixedPart[5..]) is var resourceType && resourceType != DocumentResourceType)
        {
            throw Fail.BadRequest($"Batch operation {index} targets resource type {resourceType}; batches can only hold document operations.");
        }

        if (!Enum.IsDefined((BatchOperationKind)operationType))
        {
            throw Fail.BadRequest($"Batch operation {index} has operation type {operationType}. Supported: Create (0), Patch (1), Read (2), Delete (4), Replace (5), Upsert (20).");
        }

        string? partitionKey = (presence & 4) != 0 ? reader.ReadUtf8("partitionKey") : null;
        if ((presence & 8) != 0)
        {
            // The effective partition key is a hash the client computed; this emulator derives placement from the key itself.
            reader.ReadLengthPrefixed("effectivePartitionKey");
        }

        string? id = (presence & 16) != 0 ? reader.ReadUtf8("id") : null;
        if ((presence & 32) != 0)
        {
            throw Fail.BadRequest($"Batch operation {index} addresses its item by binaryId, which only the service's internal clients use; send the id.");
        }

        byte[]? body = (presence & 64) != 0 ? reader.ReadLengthPrefixed("resourceBody").ToArray() : null;
        string? ifMatch = null;
        string? ifNoneMatch = null;
        var minimal = false;
        while (reader.Remaining > 0)
        {
            var code = reader.ReadByte();
            var token = reader.ReadVarUInt();
            if (token >= TokenCount)
            {
                // A path the schema does not name, spelled out: skip its name, then its value below.
                var nameLength = token - TokenCount;
                if (nameLength > (ulong)reader.Remaining)
                {
                    throw Fail.MalformedBatch($"Batch operation {index} has a sparse field whose path claims {nameLength} bytes but only {reader.Remaining} remain.");
                }

                reader.Skip((int)nameLength);
            }

            switch (token)
            {
                case IfMatchToken:
                    ifMatch = ReadString(ref reader, code, "ifMatch");
                    break;
                case IfNoneMatchToken:
                    ifNoneMatch = ReadString(ref reader, code, "ifNoneMatch");
                    break;
                case MinimalReturnToken when code is HybridRowFormat.Codes.Boolean or HybridRowFormat.Codes.BooleanFalse:
                    minimal = code == HybridRowFormat.Codes.Boolean;
                    break;
                case TimeToLiveToken:
                    throw Fail.BadRequest($"Batch operation {index} sets timeToLiveInSeconds, which this emulator does not support per operation; put `ttl` in the item.");
                case IndexingDirectiveToken:
                default:
                    SkipValue(ref reader, code, index);
                    break;
            }
        }

        return new BatchOperation((BatchOperationKind)operationType, id, partitionKey, body, ifMatch, ifNoneMatch, minimal);
    }

    private static string ReadString(ref RowSpan reader, byte code, string field) =>
        code == HybridRowFormat.Codes.Utf8 ? reader.ReadUtf8(field) : throw Fail.MalformedBatch($"The field '{field}' has layout code {code}; expected utf8 ({HybridRowFormat.Codes.Utf8}).");

    private static void SkipValue(ref RowSpan reader, byte code, int index)
    {
        switch (code)
        {
            case HybridRowFormat.Codes.Null or HybridRowFormat.Codes.Boolean or HybridRowFormat.Codes.BooleanFalse:
                break;
            case HybridRowFormat.Codes.Int8 or HybridRowFormat.Codes.UInt8:
                reader.Skip(1);
                break;
            case HybridRowFormat.Codes.Int16 or HybridRowFormat.Codes.UInt16:
                reader.Skip(2);
                break;
            case HybridRowFormat.Codes.Int32 or HybridRowFormat.Codes.UInt32 or HybridRowFormat.Codes.Float32:
                reader.Skip(4);
                break;
            case HybridRowFormat.Codes.Int64 or HybridRowFormat.Codes.UInt64 or HybridRowFormat.Codes.Float64:
                reader.Skip(8);
                break;
            case HybridRowFormat.Codes.VarInt or HybridRowFormat.Codes.VarUInt:
                reader.ReadVarUInt();
                break;
            case HybridRowFormat.Codes.Utf8 or HybridRowFormat.Codes.Binary:
                reader.ReadLengthPrefixed("sparse field");
                break;
            default:
                throw Fail.MalformedBatch($"Batch operation {index} has a sparse field with layout code {code}, which a BatchOperation row cannot hold.");
        }
    }
}
