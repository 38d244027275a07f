using System.Globalization;
using Harness.Core;
using Harness.Core.Metrics;
using Harness.Core.Results;
using Harness.Core.Statistics;
using Harness.Core.Suites;

namespace Harness.Reporting.Charts;

/// <summary>
/// The charts of one run as data, built from its metric descriptors and results: a chart per metric
/// family with 95% CI whiskers, latency per pipeline and stage, quality against latency, the
/// approaches (closed-book / RAG / fine-tuned / hybrid) side by side, the headline trend over a
/// history, and the learning curves of the run's sweeps (<see cref="LearningCurves"/>). Only charts that have data are returned.
/// </summary>
public static class RunCharts
{
    // The approaches the harness compares (PipelineKindInfo.Approach), in the order they are shown.
    private static readonly string[] _approaches = [.. PipelineKinds.All.Where(k => k.Approach is not null).Select(k => k.Name)];

    // Stages are not pipelines: they keep colours of their own, the same in every report.
    // Each stage's values are its latency metric's (RunLatency), so the charts agree with summary.md and the console.
    private static readonly (string Stage, string MetricId, string Color)[] _stages =
    [
        ("retrieval", "latency_retrieval_ms", "#1b9e77"), ("prompt evaluation", "latency_prompt_ms", "#d95f02"),
        ("first token", "ttft_ms", "#7570b3"), ("generation", "latency_generation_ms", "#e7298a"), ("total", RunLatency.TotalId, "#666666"),
    ];

    private const string MeanTitle = "mean (95% CI)";

    public static IReadOnlyList<ChartModel> Build(RunResult run, IReadOnlyList<HistoryPoint>? history = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        history ??= [];
        var colors = Colors(run, history);
        var charts = new List<ChartModel>();
        charts.AddRange(FamilyCharts(run, colors));
        charts.AddIfNotNull(LatencyChart(run));
        charts.AddIfNotNull(QualityVersusLatencyChart(run, colors));
        charts.AddIfNotNull(ApproachesChart(run, colors));
        charts.AddIfNotNull(TrendChart(run, history, colors));
        charts.AddRange(LearningCurves.Build(run).Where(c => c.Series.Count > 0));
        return charts;
    }

    /// <summary>Each pipeline's colour in every chart of the run's report, history included.</summary>
    internal static PipelineColors Colors(RunResult run, IReadOnlyList<HistoryPoint> history) =>
        new(RunOrdering.PipelineNames(run).Concat(history.Select(h => h.Pipeline)));

    /// <summary>The family whose chart shows a family's metrics (<see cref="Core.Metrics.MetricFamily.ChartedWith"/>: hallucination is charted with faithfulness).</summary>
    internal static string ChartFamily(string family) => KnownMetrics.Family(family)?.ChartedWith ?? family;

    /// <summary>
    /// The means of a family's metrics, split so that every chart has one unit on its value axis and stays
    /// readable: a measure with a cut-off gets a chart of its own with a bar per k (precision@1, @5, @10),
    /// and the other metrics one chart per unit (cost: tokens, s, MB, money). A family with one such part
    /// keeps the plain name metrics-&lt;family&gt;.
    /// </summary>
    private static IEnumerable<ChartModel> FamilyCharts(RunResult run, PipelineColors colors)
    {
        var families = run.Metrics
            .Where(m => !KnownMetrics.IsTiming(m))
            .GroupBy(m => ChartFamily(m.Family), StringComparer.Ordinal);
        foreach (var family in families)
        {
            var parts = family.GroupBy(ChartPart.Of).ToList();
            foreach (var part in parts)
            {
                if (MeanChart(run, colors, family.Key, part.Key, parts.Count > 1, [.. part]) is { } chart)
                {
                    yield return chart;
                }
            }
        }
    }

    private static ChartModel? MeanChart(RunResult run, PipelineColors colors, string family, ChartPart part, bool split, List<MetricDescriptor> metrics)
    {
        var series = new List<ChartSeries>();
        foreach (var pipeline in RunOrdering.PipelineNames(run))
        {
            var points = metrics
                .Select(metric => Find(run, pipeline, metric.Id) is { Mean: { } mean } summary ? MeanPoint(mean, summary) with { Category = metric.DisplayName } : null)
                .OfType<ChartPoint>()
                .ToList();
            if (points.Count > 0)
            {
                series.Add(new ChartSeries(pipeline, colors[pipeline], points));
            }
        }
        if (series.Count == 0)
        {
            return null;
        }
        var categories = metrics.Select(m => m.DisplayName).Where(c => series.Any(s => s.Points.Any(p => p.Category == c))).ToList();
        var familyTitle = FamilyTitle(family);
        var (name, title) = !split
            ? ($"metrics-{Slug(family)}", familyTitle)
            : part switch
            {
                { Measure: { } measure } => ($"metrics-{Slug(family)}-{Slug(measure[..^"@k".Length])}", $"{familyTitle}: {MeasureName(metrics[0])}"),
                { Unit: MetricDescriptor.Ratio } => ($"metrics-{Slug(family)}", $"{familyTitle}: {string.Join(", ", categories)}"),
                _ => ($"metrics-{Slug(family)}-{Slug(part.Unit)}", $"{familyTitle} ({part.Unit})"),
            };
        return new ChartModel(
            name,
            title,
            $"{title} – mean per pipeline with 95% confidence intervals",
            ChartKind.Bars,
            new ChartAxis("metric"),
            ValueAxis(metrics[0].IsRatio ? MeanTitle : $"{metrics[0].Unit} (mean, 95% CI)", metrics, series),
            categories,
            series);
    }

    /// <summary>A measure's name without its cut-off: "Recall@5" → "Recall@k".</summary>
    private static string MeasureName(MetricDescriptor metric) =>
        KnownMetrics.SplitCutoff(metric.Id) is (_, { } k)
            ? metric.DisplayName.Replace(string.Create(CultureInfo.InvariantCulture, $"@{k}"), "@k", StringComparison.Ordinal)
            : metric.DisplayName;

    /// <summary>The metrics one chart of a family shows: one measure at every k it is asked for, or the metrics of one unit.</summary>
    private readonly record struct ChartPart(string? Measure, string Unit)
    {
        public static ChartPart Of(MetricDescriptor metric) =>
            KnownMetrics.SplitCutoff(metric.Id) is (var pattern, not null) ? new(pattern, metric.Unit) : new(null, metric.Unit);
    }

    private static ChartModel? LatencyChart(RunResult run)
    {
        var pipelines = RunOrdering.PipelineNames(run);
        var series = new List<ChartSeries>();
        for (var s = 0; s < _stages.Length; s++)
        {
            var points = new List<ChartPoint>();
            foreach (var pipeline in pipelines)
            {
                // A log axis cannot show zero; a stage that took no measurable time has nothing to draw.
                var times = RunLatency.Values(run, pipeline, _stages[s].MetricId).Where(t => t > 0).ToList();
                if (times.Count > 0)
                {
                    points.Add(new ChartPoint(Quantiles.Median(times), times.Min(), times.Max()) { Category = pipeline, N = times.Count });
                }
            }
            if (points.Count > 0)
            {
                series.Add(new ChartSeries(_stages[s].Stage, _stages[s].Color, points));
            }
        }
        if (series.Count == 0)
        {
            return null;
        }
        return new ChartModel(
            "latency",
            "Latency per pipeline and stage",
            "Median latency in milliseconds per pipeline and stage; whiskers span the fastest and slowest case",
            ChartKind.Points,
            new ChartAxis("pipeline"),
            // Stages differ by orders of magnitude (retrieval in ms, generation in s).
            new ChartAxis("milliseconds (median, min–max)", AxisScale.Log10, "0.####"),
            [.. pipelines.Where(p => series.Any(s => s.Points.Any(point => point.Category == p)))],
            series);
    }

    private static ChartModel? QualityVersusLatencyChart(RunResult run, PipelineColors colors)
    {
        if (HeadlineMetrics.Headline(run) is not { } headline)
        {
            return null;
        }
        var series = new List<ChartSeries>();
        foreach (var pipeline in RunOrdering.PipelineNames(run))
        {
            if (RunLatency.MedianTotal(run, pipeline) is { } latency && Find(run, pipeline, headline.Id) is { Mean: { } mean } summary)
            {
                var point = MeanPoint(mean, summary) with { X = latency, Label = pipeline };
                series.Add(new ChartSeries(pipeline, colors[pipeline], [point]));
            }
        }
        if (series.Count == 0)
        {
            return null;
        }
        return new ChartModel(
            "quality-vs-latency",
            $"{headline.DisplayName} against latency",
            $"{headline.DisplayName} (95% CI) against the median total latency per answer, per pipeline",
            ChartKind.Scatter,
            new ChartAxis("median total latency (ms)", Format: "0.#"),
            ValueAxis($"{headline.DisplayName} (95% CI)", [headline], series),
            [],
            series);
    }

    private static ChartModel? ApproachesChart(RunResult run, PipelineColors colors)
    {
        if (HeadlineMetrics.Headline(run) is not { } headline)
        {
            return null;
        }
        var series = new List<ChartSeries>();
        // Pipelines in approach order, so each approach's pipelines stand together.
        foreach (var pipeline in run.Pipelines.Where(p => _approaches.Contains(p.Kind)).OrderBy(p => Array.IndexOf(_approaches, p.Kind)))
        {
            if (Find(run, pipeline.Name, headline.Id) is { Mean: { } mean } summary)
            {
                series.Add(new ChartSeries(pipeline.Name, colors[pipeline.Name], [MeanPoint(mean, summary) with { Category = pipeline.Kind }]));
            }
        }
        var approaches = _approaches.Where(a => series.Any(s => s.Points[0].Category == a)).ToList();
        // Side by side needs at least two approaches; one alone is already in the family chart.
        if (approaches.Count < 2)
        {
            return null;
        }
        return new ChartModel(
            "approaches",
            $"Closed-book, RAG, fine-tuned and hybrid on {headline.DisplayName}",
            $"{headline.DisplayName} (95% CI) per pipeline, grouped by approach",
            ChartKind.Bars,
            new ChartAxis("approach"),
            ValueAxis($"{headline.DisplayName} (95% CI)", [headline], series),
            approaches,
            series);
    }

    private static ChartModel? TrendChart(RunResult run, IReadOnlyList<HistoryPoint> history, PipelineColors colors)
    {
        if (HeadlineMetrics.Headline(run) is not { } headline || history.Count == 0)
        {
            return null;
        }
        var points = history.Where(h => h.MetricId == headline.Id).ToList();
        if (!points.Any(p => p.RunId == run.Info.RunId))
        {
            points.AddRange(run.Summary
                .Where(s => s.MetricId == headline.Id && s.Mean is not null)
                .Select(s => new HistoryPoint(run.Info.RunId, run.Info.StartedAt, s.Pipeline, s.MetricId, s.Mean!.Value, s.CiLow, s.CiHigh)));
        }
        if (points.Select(p => p.RunId).Distinct(StringComparer.Ordinal).Count() < 2)
        {
            return null;
        }
        var series = points
            .GroupBy(p => p.Pipeline, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new ChartSeries(g.Key, colors[g.Key], [.. g
                .OrderBy(p => p.StartedAt)
                .Select(p => new ChartPoint(p.Mean, p.CiLow ?? p.Mean, p.CiHigh ?? p.Mean) { Time = p.StartedAt.ToUniversalTime(), Label = p.RunId })]))
            .ToList();
        return new ChartModel(
            "trend",
            $"{headline.DisplayName} over run history",
            $"{headline.DisplayName} (95% CI) per pipeline over past runs",
            ChartKind.Timeline,
            // UTC: the same run history draws the same chart in every time zone.
            new ChartAxis("run started (UTC)", AxisScale.Time, "yyyy-MM-dd"),
            ValueAxis($"{headline.DisplayName} (95% CI)", [headline], series),
            [],
            series);
    }

    /// <summary>A chart or file name from free text: lower case letters, digits, '-' and '_'.</summary>
    internal static string Slug(string text)
    {
        var chars = text.ToLowerInvariant().Select(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' ? c : '-').ToArray();
        var slug = new string(chars).Trim('-');
        return slug.Length == 0 ? "x" : slug;
    }

    private static MetricSummary? Find(RunResult run, string pipeline, string metricId) =>
        run.Summary.FirstOrDefault(s => s.Pipeline == pipeline && s.MetricId == metricId);

    private static ChartPoint MeanPoint(double mean, MetricSummary summary) =>
        new(mean, summary.CiLow ?? mean, summary.CiHigh ?? mean) { N = summary.N };

    /// <summary>
    /// Ratios (unitless scores) on a fixed axis, so charts of different runs compare at a glance: 0–1, or
    /// −1–1 when a value or interval falls below 0 (cosine scores can), so no bar is hidden below the axis.
    /// Other units fit their values, with ticks no longer than the numbers need (1200, 4.5, 0.0005).
    /// </summary>
    internal static ChartAxis ValueAxis(string title, IReadOnlyList<MetricDescriptor> metrics, IEnumerable<ChartSeries> series) =>
        metrics.All(m => m.IsRatio)
            ? new ChartAxis(title, Format: "0.0#", Min: series.SelectMany(s => s.Points).Any(p => p.Low < 0 || p.Value < 0) ? -1 : 0, Max: 1)
            : new ChartAxis(title, Format: "0.######");

    /// <summary>The title of a chart family's charts, also the heading of its rows in the report's summary.</summary>
    internal static string FamilyTitle(string family) =>
        KnownMetrics.Family(family)?.Title ?? (family.Length == 0 ? "Other metrics" : char.ToUpperInvariant(family[0]) + family[1..]);

    private static void AddIfNotNull(this List<ChartModel> charts, ChartModel? chart)
    {
        if (chart is not null)
        {
            charts.Add(chart);
        }
    }
}
