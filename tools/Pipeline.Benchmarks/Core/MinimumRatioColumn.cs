using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Pipeline.Benchmarks.Core;

/// <summary>
/// The ratio of a benchmark's fastest iteration to its baseline's fastest iteration in the same category: on a shared,
/// busy machine the minimum is what interference distorts least, so this ratio is the one to compare.
/// </summary>
public sealed class MinimumRatioColumn : IColumn
{
    /// <inheritdoc />
    public string Id => nameof(MinimumRatioColumn);

    /// <inheritdoc />
    public string ColumnName => "Ratio (min)";

    /// <inheritdoc />
    public bool AlwaysShow => true;

    /// <inheritdoc />
    public ColumnCategory Category => ColumnCategory.Custom;

    /// <inheritdoc />
    public int PriorityInCategory => -1;

    /// <inheritdoc />
    public bool IsNumeric => true;

    /// <inheritdoc />
    public UnitType UnitType => UnitType.Dimensionless;

    /// <inheritdoc />
    public string Legend => "Fastest iteration divided by the fastest iteration of the category's baseline";

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(benchmarkCase);
        var category = benchmarkCase.Descriptor.Categories.FirstOrDefault();
        var baseline = summary.BenchmarksCases.FirstOrDefault(c => c.Descriptor.Baseline && c.Descriptor.Categories.FirstOrDefault() == category);
        var minimum = summary[benchmarkCase]?.ResultStatistics?.Min;
        var baselineMinimum = baseline is null ? null : summary[baseline]?.ResultStatistics?.Min;
        return minimum is > 0 && baselineMinimum is > 0
            ? (minimum.Value / baselineMinimum.Value).ToString("N2", CultureInfo.InvariantCulture)
            : "-";
    }

    /// <inheritdoc />
    public bool IsAvailable(Summary summary) => true;

    /// <inheritdoc />
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
