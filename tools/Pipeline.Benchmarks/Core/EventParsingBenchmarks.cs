using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using Pipeline.Core.Events;

namespace Pipeline.Benchmarks.Core;

/// <summary>
/// Measures CloudEvents parsing and validation against plain <see cref="JsonDocument.Parse(ReadOnlyMemory{byte}, JsonDocumentOptions)"/>
/// of the same bytes, for one 1 KB event and a batch of 100 such events.
/// </summary>
[Config(typeof(Config))]
public class EventParsingBenchmarks
{
    private const string Single = "Single 1 KB";
    private const string Batch = "Batch 100 x 1 KB";
    private const int BatchSize = 100;

    private static readonly byte[] SingleEvent = Encoding.UTF8.GetBytes(CreateEvent(0));
    private static readonly byte[] BatchBody = Encoding.UTF8.GetBytes("[" + string.Join(",", Enumerable.Range(0, BatchSize).Select(CreateEvent)) + "]");

    /// <summary>Fails the run if the inputs are not what the figures claim: valid events of exactly 1 KB.</summary>
    [GlobalSetup]
    public void CheckInputs()
    {
        var single = CloudEventParser.Parse(SingleEvent, CloudEventContentMode.Structured);
        var batch = CloudEventParser.Parse(BatchBody, CloudEventContentMode.Batch);
        if (SingleEvent.Length != 1024 || !single.IsValid || !batch.IsValid || batch.Events.Count != BatchSize
            || batch.Events.Any(e => e.Utf8.Length != 1024))
        {
            throw new InvalidOperationException("The benchmark inputs are not 1 KB valid CloudEvents.");
        }
    }

    /// <summary>Plain JSON parse of one event: the baseline validation is compared with.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory(Single)]
    public JsonValueKind JsonDocumentParse_Single()
    {
        using var document = JsonDocument.Parse(SingleEvent);
        return document.RootElement.ValueKind;
    }

    /// <summary>Parse and validate one structured-mode event.</summary>
    [Benchmark]
    [BenchmarkCategory(Single)]
    public int CloudEventParse_Single() => CloudEventParser.Parse(SingleEvent, CloudEventContentMode.Structured).Events.Count;

    /// <summary>Plain JSON parse of the batch: the baseline validation is compared with.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory(Batch)]
    public JsonValueKind JsonDocumentParse_Batch()
    {
        using var document = JsonDocument.Parse(BatchBody);
        return document.RootElement.ValueKind;
    }

    /// <summary>Parse and validate a batch of 100 events.</summary>
    [Benchmark]
    [BenchmarkCategory(Batch)]
    public int CloudEventParse_Batch() => CloudEventParser.Parse(BatchBody, CloudEventContentMode.Batch).Events.Count;

    // A realistic event padded to 1 KB: all core attributes, one extension, an object payload.
    private static string CreateEvent(int n)
    {
        var head = $$"""{"specversion":"1.0","id":"{{Guid.NewGuid()}}","source":"/clients/web","type":"playback.heartbeat","subject":"viewer-{{n:D6}}","time":"2024-05-01T12:00:{{n % 60:D2}}.123Z","datacontenttype":"application/json","traceparent":"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01","data":{"seconds":10,"position":{{n * 10}},"titleId":"tt-{{n}}","device":"tv","notes":" """;
        const string Tail = "\"}}";
        var padding = 1024 - Encoding.UTF8.GetByteCount(head) - Tail.Length;
        return head + new string('x', padding) + Tail;
    }

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddDiagnoser(MemoryDiagnoser.Default);
            AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory);
            AddColumn(BenchmarkDotNet.Columns.CategoriesColumn.Default);
            AddColumn(BenchmarkDotNet.Columns.StatisticColumn.Min);
            AddColumn(new MinimumRatioColumn());
            AddColumn(new ThroughputColumn(ThroughputUnit.EventsPerSecond, WorkOf));
            AddColumn(new ThroughputColumn(ThroughputUnit.MegabytesPerSecond, WorkOf));
        }

        private static (int Events, int Bytes) WorkOf(string category) =>
            category == Batch ? (BatchSize, BatchBody.Length) : (1, SingleEvent.Length);
    }
}
