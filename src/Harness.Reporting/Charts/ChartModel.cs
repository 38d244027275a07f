using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Harness.Reporting.Charts;

/// <summary>How a chart places its points.</summary>
public enum ChartKind
{
    /// <summary>A bar per series in each category, with its CI whisker.</summary>
    Bars,

    /// <summary>A marker per series in each category, with its whisker (a range or a CI).</summary>
    Points,

    /// <summary>Each point at a numeric X and Y, with a Y whisker and its label.</summary>
    Scatter,

    /// <summary>A line per series over time, each point with its CI whisker.</summary>
    Timeline,

    /// <summary>A line per series through its points at numeric X (a learning curve), each point with its Y whisker.</summary>
    Curve,
}

public enum AxisScale
{
    Linear,

    /// <summary>Values span orders of magnitude (latency stages); every value must be positive.</summary>
    Log10,

    /// <summary>Points carry <see cref="ChartPoint.Time"/>, shown as UTC dates.</summary>
    Time,
}

/// <param name="Title">The axis title.</param>
/// <param name="Scale">How values map to the axis.</param>
/// <param name="Format">The .NET number format of tick labels, applied with the invariant culture.</param>
/// <param name="Min">A fixed lower limit (e.g. 0 for ratios); null fits the data.</param>
/// <param name="Max">A fixed upper limit (e.g. 1 for ratios); null fits the data.</param>
public sealed record ChartAxis(string Title, AxisScale Scale = AxisScale.Linear, string Format = "0.###", double? Min = null, double? Max = null);

/// <summary>
/// One value of a series: <see cref="Value"/> with its whisker from <see cref="Low"/> to
/// <see cref="High"/> (the 95% CI, or a range where the chart's description says so).
/// </summary>
public sealed record ChartPoint(double Value, double? Low = null, double? High = null)
{
    /// <summary>The category the point belongs to (Bars, Points).</summary>
    public string? Category { get; init; }

    /// <summary>The numeric position on the X axis (Scatter).</summary>
    public double? X { get; init; }

    /// <summary>The time on the X axis (Timeline).</summary>
    public DateTimeOffset? Time { get; init; }

    /// <summary>Text drawn beside the point (Scatter) or naming it (Timeline: the run id).</summary>
    public string? Label { get; init; }

    /// <summary>How many values the point aggregates, when it is an aggregate.</summary>
    public int? N { get; init; }

    /// <summary>Scatter: no other point is better on both axes (a Pareto-optimal pipeline); drawn ringed, on the frontier line.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Optimal { get; init; }
}

/// <param name="Name">The legend entry: a pipeline, a latency stage or a verdict.</param>
/// <param name="Color">"#rrggbb"; a pipeline's colour comes from <see cref="PipelineColors"/>.</param>
/// <param name="Points">The series' values.</param>
public sealed record ChartSeries(string Name, string Color, IReadOnlyList<ChartPoint> Points);

/// <summary>
/// One chart as data: what is drawn (series of points with their CIs, axes, title), never how.
/// <see cref="Rendering.ChartRenderer"/> draws it with ScottPlot; tests read the data directly.
/// <see cref="Name"/> names its files (charts/&lt;name&gt;.json, .svg, .png) and its place in the report.
/// </summary>
/// <param name="Name">The chart's file and element name.</param>
/// <param name="Title">The title drawn above the chart.</param>
/// <param name="Description">One sentence saying what is drawn (whiskers: CI or range).</param>
/// <param name="Kind">How the points are placed.</param>
/// <param name="X">The horizontal axis (the category axis of a vertical Bars or Points chart).</param>
/// <param name="Y">The vertical axis (the category axis when <see cref="Horizontal"/>).</param>
/// <param name="Categories">Bars and Points: the categories in the order they are drawn.</param>
/// <param name="Series">Pipelines (or stages, verdicts), each with its colour and points.</param>
public sealed record ChartModel(
    string Name,
    string Title,
    string Description,
    ChartKind Kind,
    ChartAxis X,
    ChartAxis Y,
    IReadOnlyList<string> Categories,
    IReadOnlyList<ChartSeries> Series)
{
    /// <summary>Bars and Points: categories down the Y axis, values along X.</summary>
    public bool Horizontal { get; init; }

    /// <summary>A dashed rule at this value of the value axis (e.g. zero for a difference).</summary>
    public double? ReferenceLine { get; init; }

    /// <summary>The value axis: Y, or X when <see cref="Horizontal"/>.</summary>
    [JsonIgnore]
    public ChartAxis ValueAxis => Horizontal ? X : Y;

    /// <summary>Indented JSON, culture-independent, with &lt; &gt; &amp; escaped (charts/&lt;name&gt;.json).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    internal static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        IndentSize = 2,
        Encoder = JavaScriptEncoder.Default,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };
}
