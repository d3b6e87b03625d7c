namespace Pipeline.Emulators.Cosmos.Batches.HybridRow;

/// <summary>
/// The constants of the HybridRow encoding that the .NET SDK's batch API uses: the row header, the layout codes of
/// sparse fields, and the ids of the two RecordIO system schemas and the two batch schemas (`HybridRowBatchSchemas.json`).
/// </summary>
internal static class HybridRowFormat
{
    /// <summary>Every row starts with this version byte, then its schema id as a little-endian int32.</summary>
    public const byte Version1 = 0x81;

    public const int HeaderSize = 5;

    public const int RecordIoSegmentSchema = 2147473648;

    public const int RecordIoRecordSchema = 2147473649;

    public const int BatchOperationSchema = 2145473648;

    public const int BatchResultSchema = 2145473649;

    /// <summary>Layout codes that prefix each sparse field (the ones a batch row can hold).</summary>
    public static class Codes
    {
        public const byte Null = 1;
        public const byte BooleanFalse = 2;
        public const byte Boolean = 3;
        public const byte Int8 = 5;
        public const byte Int16 = 6;
        public const byte Int32 = 7;
        public const byte Int64 = 8;
        public const byte UInt8 = 9;
        public const byte UInt16 = 10;
        public const byte UInt32 = 11;
        public const byte UInt64 = 12;
        public const byte VarInt = 13;
        public const byte VarUInt = 14;
        public const byte Float32 = 15;
        public const byte Float64 = 16;
        public const byte Utf8 = 20;
        public const byte Binary = 21;
    }
}
