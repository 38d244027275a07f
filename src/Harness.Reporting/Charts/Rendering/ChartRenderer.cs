using System.Globalization;
using System.Text.RegularExpressions;
using ScottPlot;
using ScottPlot.Plottables;
using ScottPlot.TickGenerators;

namespace Harness.Reporting.Charts.Rendering;

/// <summary>A chart drawn: SVG text (its size in CSS pixels) and a PNG at a scale of that size.</summary>
public sealed record RenderedChart(string Name, string Svg, byte[] Png, int Width, int Height);

/// <summary>
/// Draws <see cref="ChartModel"/>s with ScottPlot, in process: the only place that knows ScottPlot.
/// Tick labels are formatted with the invariant culture, so a chart looks the same on every machine.
/// </summary>
public static partial class ChartRenderer
{
    private const int Height = 340;

    // The report's content column at 1,280 px less its scroll bar and the figure's padding: a wider chart
    // would be scaled down to fit, and its text with it. Bars get thinner instead.
    private const int MaxWidth = 1180;
    private static readonly Color _whisker = Color.FromHex("#333333");
    private static readonly Color _rule = Color.FromHex("#888888");

    // DejaVu Sans where it is installed (Debian's default), else whatever sans-serif font ScottPlot finds.
    private static readonly string FontName = Fonts.GetTypeface("DejaVu Sans", false, false)?.FamilyName == "DejaVu Sans" ? "DejaVu Sans" : Fonts.Sans;

    /// <summary>Draws one chart; <paramref name="pngScale"/> = 2 gives a PNG twice the SVG's size (sharp on dense screens).</summary>
    public static RenderedChart Render(ChartModel chart, double pngScale = 2)
    {
        ArgumentNullException.ThrowIfNull(chart);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(pngScale, 0);
        var (width, height) = Size(chart);
        var svg = NumberIds(Draw(chart, 1).GetSvgXml(width, height));
        var png = Draw(chart, pngScale).GetImageBytes((int)Math.Round(width * pngScale), (int)Math.Round(height * pngScale), ImageFormat.Png);
        return new RenderedChart(chart.Name, svg, png, width, height);
    }

    /// <summary>
    /// Skia names clip paths from a process-wide counter; numbering them in order of appearance makes
    /// the same chart the same SVG in every run (diffable, and culture tests can compare it).
    /// </summary>
    private static string NumberIds(string svg)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match match in SvgId().Matches(svg))
        {
            ids.TryAdd(match.Groups[1].Value, $"clip{ids.Count}");
        }
        return ids.Count == 0 ? svg : SvgIdOrReference().Replace(svg, match =>
            ids.TryGetValue(match.Groups[2].Value, out var id) ? $"{match.Groups[1].Value}{id}{match.Groups[3].Value}" : match.Value);
    }

    [GeneratedRegex(" id=\"([^\"]+)\"")]
    private static partial Regex SvgId();

    [GeneratedRegex(@"( id=""|url\(#)([^"")]+)(""|\))")]
    private static partial Regex SvgIdOrReference();

    private static (int Width, int Height) Size(ChartModel chart)
    {
        var slots = chart.Categories.Sum(c => Math.Max(1, chart.Series.Count(s => s.Points.Any(p => p.Category == c))));
        // The title is centred over the data area, which the legend and the value axis narrow.
        var titleWidth = 340 + (int)(chart.Title.Length * 8.5);
        var (width, height) = chart.Kind switch
        {
            ChartKind.Bars or ChartKind.Points when chart.Horizontal => (640, Math.Max(220, 120 + (slots * 26))),
            // Up to 15 bars (5 pipelines at 3 cut-offs) stay under half the report's width: two charts side by side.
            ChartKind.Bars or ChartKind.Points => (Math.Max(Math.Max(460, 200 + (slots * 24)), LabelledWidth(chart)), Height),
            _ => (560, Height),
        };
        return (Math.Min(MaxWidth, Math.Max(width, titleWidth)), height);
    }

    /// <summary>
    /// The width at which every category's longest word (a label breaks only between words) fits under it at 7 px a
    /// character with a little air: few series over long pipeline names need it more than their bars do.
    /// </summary>
    private static int LabelledWidth(ChartModel chart)
    {
        var longestWord = chart.Categories.SelectMany(c => c.Split(' ')).Select(w => w.Length).DefaultIfEmpty(0).Max();
        var legend = 40 + (7 * chart.Series.Select(s => s.Name.Length).DefaultIfEmpty(0).Max());
        return 80 + legend + (chart.Categories.Count * ((7 * longestWord) + 16));
    }

    /// <summary>
    /// About how many characters of a 12 px tick label fit under one category (7 px each): the chart's width
    /// less the value axis (80 px) and the legend (40 px and its longest name), shared by the categories.
    /// </summary>
    private static int CharactersPerCategory(ChartModel chart)
    {
        var legend = 40 + (7 * chart.Series.Max(s => s.Name.Length));
        var perCategory = (Size(chart).Width - 80 - legend) / (double)chart.Categories.Count;
        return Math.Clamp((int)(perCategory / 7), 8, 24);
    }

    private static Plot Draw(ChartModel chart, double scale)
    {
        var plot = new Plot { ScaleFactor = scale };
        plot.Title(chart.Title, 15);
        plot.XLabel(chart.X.Title, 13);
        plot.YLabel(chart.Y.Title, 13);
        switch (chart.Kind)
        {
            case ChartKind.Bars:
            case ChartKind.Points:
                DrawCategories(plot, chart);
                break;
            case ChartKind.Scatter:
                DrawScatter(plot, chart);
                break;
            case ChartKind.Timeline:
                DrawTimeline(plot, chart);
                break;
            case ChartKind.Curve:
                DrawCurve(plot, chart);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(chart), chart.Kind, "unknown chart kind");
        }
        if (chart.ReferenceLine is { } rule)
        {
            var value = Scale(chart.ValueAxis, rule);
            if (chart.Horizontal)
            {
                plot.Add.VerticalLine(value, 1, _rule, LinePattern.Dashed);
            }
            else
            {
                plot.Add.HorizontalLine(value, 1, _rule, LinePattern.Dashed);
            }
        }
        plot.ShowLegend(Edge.Right);
        // One sans-serif family for every label, set last so it reaches the title and legend too.
        plot.Font.Set(FontName);
        plot.Legend.FontName = FontName;
        return plot;
    }

    /// <summary>
    /// A category label longer than its share of the chart's width holds on one line, broken at the space
    /// nearest its middle so neighbours do not overlap.
    /// </summary>
    private static string TwoLines(string label, int longest)
    {
        var middle = label.Length / 2;
        var spaces = Enumerable.Range(0, label.Length).Where(i => label[i] == ' ').ToList();
        if (label.Length <= longest || spaces.Count == 0)
        {
            return label;
        }
        var at = spaces.MinBy(i => Math.Abs(i - middle));
        return label[..at] + "\n" + label[(at + 1)..];
    }

    /// <summary>
    /// Each category holds one slot per series that has a point in it, side by side, so a series
    /// missing from a category (a pipeline without retrieval) leaves no gap.
    /// </summary>
    private static void DrawCategories(Plot plot, ChartModel chart)
    {
        var valueAxis = chart.ValueAxis;
        var positions = new Dictionary<(string Series, string Category), double>();
        var slotWidth = 1.0;
        for (var c = 0; c < chart.Categories.Count; c++)
        {
            var present = chart.Series.Where(s => s.Points.Any(p => p.Category == chart.Categories[c])).ToList();
            var width = 0.8 / Math.Max(1, present.Count);
            slotWidth = Math.Min(slotWidth, width);
            for (var i = 0; i < present.Count; i++)
            {
                positions[(present[i].Name, chart.Categories[c])] = c - 0.4 + (width * (i + 0.5));
            }
        }
        foreach (var series in chart.Series)
        {
            var points = series.Points.Where(p => p.Category is not null && positions.ContainsKey((series.Name, p.Category))).ToList();
            var at = points.Select(p => positions[(series.Name, p.Category!)]).ToArray();
            var color = Color.FromHex(series.Color);
            if (chart.Kind == ChartKind.Bars)
            {
                var bars = plot.Add.Bars(points.Select((p, i) => new Bar
                {
                    Position = at[i],
                    Value = Scale(valueAxis, p.Value),
                    // Bars grow from 0, or from the axis floor when it lies above 0; an axis reaching below 0 shows negative bars going down.
                    ValueBase = Scale(valueAxis, Math.Max(valueAxis.Min ?? 0, 0)),
                    Size = slotWidth * 0.9,
                    FillColor = color,
                    LineWidth = 0,
                    Orientation = chart.Horizontal ? Orientation.Horizontal : Orientation.Vertical,
                }).ToArray());
                bars.LegendText = series.Name;
            }
            else
            {
                var values = points.Select(p => Scale(valueAxis, p.Value)).ToArray();
                var markers = chart.Horizontal
                    ? plot.Add.Markers(values, at, MarkerShape.FilledCircle, 8, color)
                    : plot.Add.Markers(at, values, MarkerShape.FilledCircle, 8, color);
                markers.LegendText = series.Name;
            }
            AddWhiskers(plot, chart, at, points, chart.Kind == ChartKind.Bars ? _whisker : color);
        }
        var ticks = Enumerable.Range(0, chart.Categories.Count).Select(i => (double)i).ToArray();
        var categoryAxis = chart.Horizontal ? (IAxis)plot.Axes.Left : plot.Axes.Bottom;
        categoryAxis.SetTicks(ticks, [.. chart.Categories.Select(c => chart.Horizontal || chart.Categories.Count == 1 ? c : TwoLines(c, CharactersPerCategory(chart)))]);
        categoryAxis.MajorTickStyle.Length = 0;
        FormatValueAxis(plot, chart, chart.Horizontal ? plot.Axes.Bottom : plot.Axes.Left);
        if (chart.Horizontal)
        {
            // Categories read top to bottom in their order.
            plot.Axes.SetLimitsY(chart.Categories.Count - 0.5, -0.5);
        }
        else
        {
            plot.Axes.SetLimitsX(-0.5, chart.Categories.Count - 0.5);
        }
    }

    private static void DrawScatter(Plot plot, ChartModel chart)
    {
        // A label goes right of its point in the left half of the chart and left of it in the right half, so none runs off the edge.
        var positions = chart.Series.SelectMany(s => s.Points).Where(p => p.X is not null).Select(p => Scale(chart.X, p.X!.Value)).ToList();
        var middle = positions.Count == 0 ? 0 : (positions.Min() + positions.Max()) / 2;
        foreach (var series in chart.Series)
        {
            var color = Color.FromHex(series.Color);
            var points = series.Points.Where(p => p.X is not null).ToList();
            var xs = points.Select(p => Scale(chart.X, p.X!.Value)).ToArray();
            var markers = plot.Add.Markers(xs, [.. points.Select(p => Scale(chart.Y, p.Value))], MarkerShape.FilledCircle, 9, color);
            markers.LegendText = series.Name;
            AddWhiskers(plot, chart, xs, points, color);
            foreach (var (point, x) in points.Zip(xs))
            {
                if (point.Label is { } label)
                {
                    var text = plot.Add.Text(label, x, Scale(chart.Y, point.Value));
                    text.LabelFontSize = 11;
                    var leftOfPoint = x > middle;
                    text.OffsetX = leftOfPoint ? -7 : 7;
                    text.OffsetY = -7;
                    text.Alignment = leftOfPoint ? Alignment.LowerRight : Alignment.LowerLeft;
                }
            }
        }
        DrawFrontier(plot, chart);
        FormatNumericAxis(plot.Axes.Bottom, chart.X);
        FormatValueAxis(plot, chart, plot.Axes.Left);
        // Labels sit beside their points: leave room for them.
        plot.Axes.Margins(0.25, 0.1);
    }

    /// <summary>The Pareto-optimal points ringed and joined, left to right, by a dashed line: the frontier.</summary>
    private static void DrawFrontier(Plot plot, ChartModel chart)
    {
        var optimal = chart.Series.SelectMany(s => s.Points).Where(p => p is { Optimal: true, X: not null }).OrderBy(p => p.X).ToList();
        if (optimal.Count == 0)
        {
            return;
        }
        var xs = optimal.Select(p => Scale(chart.X, p.X!.Value)).ToArray();
        var ys = optimal.Select(p => Scale(chart.Y, p.Value)).ToArray();
        var line = plot.Add.ScatterLine(xs, ys, _rule);
        line.LinePattern = LinePattern.Dashed;
        line.LineWidth = 1.5f;
        line.LegendText = "Pareto frontier";
        plot.Add.Markers(xs, ys, MarkerShape.OpenCircle, 17, _whisker);
    }

    private static void DrawTimeline(Plot plot, ChartModel chart)
    {
        foreach (var series in chart.Series)
        {
            var color = Color.FromHex(series.Color);
            var points = series.Points.Where(p => p.Time is not null).ToList();
            var xs = points.Select(p => p.Time!.Value.UtcDateTime.ToOADate()).ToArray();
            var line = plot.Add.Scatter(xs, [.. points.Select(p => Scale(chart.Y, p.Value))], color);
            line.LegendText = series.Name;
            line.MarkerSize = 7;
            AddWhiskers(plot, chart, xs, points, color);
        }
        var axis = plot.Axes.DateTimeTicksBottom();
        var format = chart.X.Format;
        axis.TickGenerator = new DateTimeAutomatic { LabelFormatter = time => time.ToString(format, CultureInfo.InvariantCulture) };
        FormatValueAxis(plot, chart, plot.Axes.Left);
        plot.Axes.Margins(0.08, 0.1);
    }

    private static void DrawCurve(Plot plot, ChartModel chart)
    {
        foreach (var series in chart.Series)
        {
            var color = Color.FromHex(series.Color);
            var points = series.Points.Where(p => p.X is not null).OrderBy(p => p.X).ToList();
            var xs = points.Select(p => Scale(chart.X, p.X!.Value)).ToArray();
            var line = plot.Add.Scatter(xs, [.. points.Select(p => Scale(chart.Y, p.Value))], color);
            line.LegendText = series.Name;
            line.MarkerSize = 7;
            AddWhiskers(plot, chart, xs, points, color);
        }
        FormatNumericAxis(plot.Axes.Bottom, chart.X);
        FormatValueAxis(plot, chart, plot.Axes.Left);
        plot.Axes.Margins(0.08, 0.1);
    }

    /// <summary>The CI (or range) of each point as a whisker along the value axis.</summary>
    private static void AddWhiskers(Plot plot, ChartModel chart, double[] positions, List<ChartPoint> points, Color color)
    {
        var axis = chart.ValueAxis;
        var withRange = Enumerable.Range(0, points.Count).Where(i => points[i] is { Low: not null, High: not null }).ToList();
        if (withRange.Count == 0)
        {
            return;
        }
        var at = withRange.Select(i => positions[i]).ToArray();
        var values = withRange.Select(i => Scale(axis, points[i].Value)).ToArray();
        var below = withRange.Select(i => Math.Max(0, Scale(axis, points[i].Value) - Scale(axis, points[i].Low!.Value))).ToArray();
        var above = withRange.Select(i => Math.Max(0, Scale(axis, points[i].High!.Value) - Scale(axis, points[i].Value))).ToArray();
        // ScottPlot takes the positive (upper) error before the negative one.
        var whiskers = chart.Horizontal
            ? new ErrorBar(values, at, above, below, null, null)
            : new ErrorBar(at, values, null, null, above, below);
        whiskers.Color = color;
        whiskers.LineWidth = 1.5f;
        whiskers.CapSize = 5;
        plot.Add.Plottable(whiskers);
    }

    private static void FormatValueAxis(Plot plot, ChartModel chart, IAxis axis)
    {
        var spec = chart.ValueAxis;
        FormatNumericAxis(axis, spec);
        if (spec.Min is { } min && spec.Max is { } max)
        {
            // A little air above a full bar, so its whisker's cap stays visible.
            var (low, high) = (Scale(spec, min), Scale(spec, max));
            var pad = (high - low) * 0.04;
            if (axis == plot.Axes.Left)
            {
                plot.Axes.SetLimitsY(low, high + pad);
            }
            else
            {
                plot.Axes.SetLimitsX(low, high + pad);
            }
        }
    }

    private static void FormatNumericAxis(IAxis axis, ChartAxis spec)
    {
        var format = spec.Format;
        axis.TickGenerator = spec.Scale == AxisScale.Log10
            ? new NumericAutomatic
            {
                IntegerTicksOnly = true,
                MinorTickGenerator = new LogMinorTickGenerator(),
                LabelFormatter = exponent => Math.Pow(10, exponent).ToString(format, CultureInfo.InvariantCulture),
            }
            : new NumericAutomatic { LabelFormatter = value => value.ToString(format, CultureInfo.InvariantCulture) };
    }

    private static double Scale(ChartAxis axis, double value) => axis.Scale == AxisScale.Log10 ? Math.Log10(value) : value;
}
