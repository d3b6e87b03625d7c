using System.Buffers.Binary;

namespace Pipeline.Emulators.Cosmos.Storage;

/// <summary>
/// Builds `_rid` values in Cosmos DB's binary layout (database 4 bytes, collection 4 bytes with the high bit set,
/// child 8 bytes whose top nibble names the child type), because the .NET SDK parses them to route RID-based requests.
/// </summary>
internal static class ResourceIds
{
    private const byte PartitionKeyRangeNibble = 5;

    public static string Database(uint database)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, database);
        return Encode(bytes);
    }

    public static string Collection(uint database, uint collection)
    {
        Span<byte> bytes = stackalloc byte[8];
        WriteCollection(bytes, database, collection);
        return Encode(bytes);
    }

    public static string Document(uint database, uint collection, ulong document)
    {
        Span<byte> bytes = stackalloc byte[16];
        WriteCollection(bytes, database, collection);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[8..], document & 0x0FFF_FFFF_FFFF_FFFF);
        return Encode(bytes);
    }

    public static string PartitionKeyRange(uint database, uint collection, ulong range)
    {
        Span<byte> bytes = stackalloc byte[16];
        WriteCollection(bytes, database, collection);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[8..], range);
        bytes[15] = (byte)(PartitionKeyRangeNibble << 4);
        return Encode(bytes);
    }

    public static string Offer(uint offer)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, offer & 0x00FF_FFFF);
        return Encode(bytes[..3]);
    }

    private static void WriteCollection(Span<byte> bytes, uint database, uint collection)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, database);
        // The first byte of the collection part carries the high bit: that is how a collection differs from a user.
        BinaryPrimitives.WriteUInt32LittleEndian(bytes[4..], collection | 0x80);
    }

    private static string Encode(ReadOnlySpan<byte> bytes) => Convert.ToBase64String(bytes).Replace('/', '-');
}
