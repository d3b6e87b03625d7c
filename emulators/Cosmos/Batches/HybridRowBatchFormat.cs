using Pipeline.Emulators.Cosmos.Batches.HybridRow;

namespace Pipeline.Emulators.Cosmos.Batches;

/// <summary>
/// The .NET SDK's batch wire format (transactional batch and bulk): a HybridRow RecordIO stream of BatchOperation rows
/// in, one of BatchResult rows out, in the same order.
/// </summary>
internal static class HybridRowBatchFormat
{
    public static bool Recognises(ReadOnlySpan<byte> body) => !body.IsEmpty && body[0] == HybridRowFormat.Version1;

    public static List<BatchOperation> ReadOperations(byte[] body, int maxOperations)
    {
        var records = RecordIoReader.Records(body, maxOperations);
        var operations = new List<BatchOperation>(records.Count);
        for (var i = 0; i < records.Count; i++)
        {
            operations.Add(BatchOperationRow.Read(records[i].Span, i));
        }

        return operations;
    }

    public static byte[] WriteResults(IReadOnlyList<BatchOperationResult> results)
    {
        var capacity = 0;
        foreach (var result in results)
        {
            capacity += 64 + (result.ETag?.Length ?? 0) + (result.Body?.Length ?? 0);
        }

        var writer = new RecordIoWriter(capacity);
        foreach (var result in results)
        {
            var row = writer.BeginRecord(out var header);
            BatchResultRow.Write(row, result);
            writer.EndRecord(header);
        }

        return writer.ToArray();
    }
}
