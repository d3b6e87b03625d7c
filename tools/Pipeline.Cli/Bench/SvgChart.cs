using System.Globalization;
using System.Security;
using System.Text;

namespace Pipeline.Cli.Bench;

/// <summary>One line of a chart: a name for the legend and its points.</summary>
internal sealed record ChartSeries(string Name, IReadOnlyList<(double X, double Y)> Points);

/// <summary>One panel: a title, axis labels and its lines.</summary>
internal sealed record ChartPanel(string Title, string XLabel, string YLabel, IReadOnlyList<ChartSeries> Series);

/// <summary>
/// Writes simple line charts as standalone SVG (axes from zero, five ticks, a legend, panels side by side): enough to
/// show throughput and latency against offered load in the README without a plotting dependency.
/// </summary>
internal static class SvgChart
{
    private const int PanelWidth = 460;
    private const int PanelHeight = 320;
    private const int Left = 70;
    private const int Right = 20;
    private const int Top = 40;
    private const int Bottom = 50;
    private static readonly string[] Colors = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"];

    public static string Render(string title, IReadOnlyList<ChartPanel> panels)
    {
        ArgumentNullException.ThrowIfNull(panels);
        var width = PanelWidth * panels.Count;
        var height = PanelHeight + 30;
        var svg = new StringBuilder();
        svg.AppendLine(F($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\" font-size=\"12\">"));
        svg.AppendLine(F($"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>"));
        svg.AppendLine(F($"<text x=\"{width / 2}\" y=\"20\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\">{Escape(title)}</text>"));
        for (var i = 0; i < panels.Count; i++)
        {
            RenderPanel(svg, panels[i], i * PanelWidth, 30);
        }

        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    private static void RenderPanel(StringBuilder svg, ChartPanel panel, int x0, int y0)
    {
        var plotWidth = PanelWidth - Left - Right;
        var plotHeight = PanelHeight - Top - Bottom;
        var points = panel.Series.SelectMany(s => s.Points).ToList();
        var maxX = NiceCeiling(points.Count == 0 ? 1 : points.Max(p => p.X));
        var maxY = NiceCeiling(points.Count == 0 ? 1 : points.Max(p => p.Y));
        double Px(double x) => x0 + Left + (x / maxX * plotWidth);
        double Py(double y) => y0 + Top + plotHeight - (y / maxY * plotHeight);

        svg.AppendLine(F($"<text x=\"{x0 + Left + (plotWidth / 2)}\" y=\"{y0 + 22}\" text-anchor=\"middle\" font-size=\"13\">{Escape(panel.Title)}</text>"));
        for (var t = 0; t <= 5; t++)
        {
            var xv = maxX * t / 5;
            var yv = maxY * t / 5;
            svg.AppendLine(F($"<line x1=\"{Px(0):0.#}\" y1=\"{Py(yv):0.#}\" x2=\"{Px(maxX):0.#}\" y2=\"{Py(yv):0.#}\" stroke=\"#e5e5e5\"/>"));
            svg.AppendLine(F($"<text x=\"{Px(0) - 6:0.#}\" y=\"{Py(yv) + 4:0.#}\" text-anchor=\"end\">{Tick(yv)}</text>"));
            svg.AppendLine(F($"<line x1=\"{Px(xv):0.#}\" y1=\"{Py(0):0.#}\" x2=\"{Px(xv):0.#}\" y2=\"{Py(0) + 5:0.#}\" stroke=\"black\"/>"));
            svg.AppendLine(F($"<text x=\"{Px(xv):0.#}\" y=\"{Py(0) + 18:0.#}\" text-anchor=\"middle\">{Tick(xv)}</text>"));
        }

        svg.AppendLine(F($"<line x1=\"{Px(0):0.#}\" y1=\"{Py(0):0.#}\" x2=\"{Px(maxX):0.#}\" y2=\"{Py(0):0.#}\" stroke=\"black\"/>"));
        svg.AppendLine(F($"<line x1=\"{Px(0):0.#}\" y1=\"{Py(0):0.#}\" x2=\"{Px(0):0.#}\" y2=\"{Py(maxY):0.#}\" stroke=\"black\"/>"));
        svg.AppendLine(F($"<text x=\"{x0 + Left + (plotWidth / 2)}\" y=\"{y0 + PanelHeight - 12}\" text-anchor=\"middle\">{Escape(panel.XLabel)}</text>"));
        svg.AppendLine(F($"<text x=\"{x0 + 16}\" y=\"{y0 + Top + (plotHeight / 2)}\" text-anchor=\"middle\" transform=\"rotate(-90 {x0 + 16} {y0 + Top + (plotHeight / 2)})\">{Escape(panel.YLabel)}</text>"));
        for (var s = 0; s < panel.Series.Count; s++)
        {
            var series = panel.Series[s];
            var color = Colors[s % Colors.Length];
            var path = string.Join(' ', series.Points.OrderBy(p => p.X).Select(p => F($"{Px(p.X):0.#},{Py(p.Y):0.#}")));
            svg.AppendLine(F($"<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"2\" points=\"{path}\"/>"));
            foreach (var (x, y) in series.Points)
            {
                svg.AppendLine(F($"<circle cx=\"{Px(x):0.#}\" cy=\"{Py(y):0.#}\" r=\"3\" fill=\"{color}\"/>"));
            }

            var ly = y0 + Top + 6 + (s * 16);
            svg.AppendLine(F($"<line x1=\"{x0 + Left + 10}\" y1=\"{ly}\" x2=\"{x0 + Left + 30}\" y2=\"{ly}\" stroke=\"{color}\" stroke-width=\"2\"/>"));
            svg.AppendLine(F($"<text x=\"{x0 + Left + 35}\" y=\"{ly + 4}\">{Escape(series.Name)}</text>"));
        }
    }

    /// <summary>The next 1, 2 or 5 × 10^n at or above the value, so ticks are round numbers.</summary>
    internal static double NiceCeiling(double value)
    {
        if (value <= 0 || !double.IsFinite(value))
        {
            return 1;
        }

        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (var step in new[] { 1.0, 2, 5, 10 })
        {
            if (step * magnitude >= value)
            {
                return step * magnitude;
            }
        }

        return 10 * magnitude;
    }

    private static string Tick(double value) => value >= 10_000 ? F($"{value / 1000:0.#}k") : value >= 10 ? F($"{value:0}") : F($"{value:0.##}");

    private static string Escape(string text) => SecurityElement.Escape(text);

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
