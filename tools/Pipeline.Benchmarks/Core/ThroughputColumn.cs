using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Pipeline.Benchmarks.Core;

/// <summary>What a <see cref="ThroughputColumn"/> reports.</summary>
public enum ThroughputUnit
{
    /// <summary>Events per second.</summary>
    EventsPerSecond,

    /// <summary>Megabytes (10^6 bytes) per second.</summary>
    MegabytesPerSecond,
}

/// <summary>Turns a benchmark's median time into throughput, since ingest capacity is discussed in events/s and MB/s, not ns/op.</summary>
public sealed class ThroughputColumn(ThroughputUnit unit, Func<string, (int Events, int Bytes)> workPerOperation) : IColumn
{
    /// <inheritdoc />
    public string Id => $"{nameof(ThroughputColumn)}.{unit}";

    /// <inheritdoc />
    public string ColumnName => unit == ThroughputUnit.EventsPerSecond ? "Events/s" : "MB/s";

    /// <inheritdoc />
    public bool AlwaysShow => true;

    /// <inheritdoc />
    public ColumnCategory Category => ColumnCategory.Custom;

    /// <inheritdoc />
    public int PriorityInCategory => (int)unit;

    /// <inheritdoc />
    public bool IsNumeric => true;

    /// <inheritdoc />
    public UnitType UnitType => UnitType.Dimensionless;

    /// <inheritdoc />
    public string Legend => unit == ThroughputUnit.EventsPerSecond
        ? "Events parsed per second on one thread, at the median iteration time"
        : "Megabytes (10^6 bytes) of body parsed per second on one thread, at the median iteration time";

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(benchmarkCase);
        // The median, not the mean: one descheduled iteration on a shared machine should not move the figure.
        var medianNanoseconds = summary[benchmarkCase]?.ResultStatistics?.Median;
        if (medianNanoseconds is not > 0)
        {
            return "-";
        }

        var (events, bytes) = workPerOperation(benchmarkCase.Descriptor.Categories.FirstOrDefault() ?? string.Empty);
        var perSecond = 1e9 / medianNanoseconds.Value;
        return unit == ThroughputUnit.EventsPerSecond
            ? (events * perSecond).ToString("N0", System.Globalization.CultureInfo.InvariantCulture)
            : (bytes * perSecond / 1e6).ToString("N1", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <inheritdoc />
    public bool IsAvailable(Summary summary) => true;

    /// <inheritdoc />
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
