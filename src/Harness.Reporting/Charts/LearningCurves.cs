using System.Globalization;
using Harness.Core;
using Harness.Core.Metrics;
using Harness.Core.Results;

namespace Harness.Reporting.Charts;

/// <summary>
/// The learning curves of a run's sweeps, from every variant's score on the selection cases (the only cases every
/// variant answers; the evaluated cases see only the chosen one): a trained pipeline's quality against the tokens its
/// fine-tuning processed (or its epochs, when a model's record lacks its tokens) over its swept epochs, and a
/// retrieving pipeline's quality and its recall@k against its swept top_k. One line per combination of the other
/// swept settings, each point with its 95% CI.
/// </summary>
internal static class LearningCurves
{
    private const string Epochs = "train.epochs";
    private const string TopK = "top_k";

    public static IEnumerable<ChartModel> Build(RunResult run)
    {
        if (run.Selection is not { } selection)
        {
            yield break;
        }
        var metric = run.Metrics.FirstOrDefault(m => m.Id == selection.Metric) ?? KnownMetrics.Describe(selection.Metric);
        foreach (var sweep in selection.Sweeps)
        {
            var where = $"on the selection cases ({selection.Source})";
            if (sweep.Variants.Any(v => v.Settings.Any(s => s.Path == Epochs)))
            {
                var byTokens = sweep.Variants.All(v => v.TrainingTokens is not null);
                yield return Curve(
                    sweep, Epochs, v => byTokens ? v.TrainingTokens : Number(v, Epochs), v => v.Score,
                    $"learning-{RunCharts.Slug(sweep.Pipeline)}-training",
                    $"{sweep.Pipeline}: {metric.DisplayName} against {(byTokens ? "training tokens" : "epochs")}",
                    $"{metric.DisplayName} (95% CI) of each variant {where}, against the {(byTokens ? "tokens its fine-tuning processed" : "epochs it trained")}",
                    new ChartAxis(byTokens ? "training tokens" : "epochs", Format: "#,0"), metric);
            }
            if (sweep.Variants.Any(v => v.Settings.Any(s => s.Path == TopK)))
            {
                yield return Curve(
                    sweep, TopK, v => Number(v, TopK), v => v.Score,
                    $"learning-{RunCharts.Slug(sweep.Pipeline)}-top-k",
                    $"{sweep.Pipeline}: {metric.DisplayName} against top_k",
                    $"{metric.DisplayName} (95% CI) of each variant {where}, against the passages it retrieves (top_k)",
                    new ChartAxis("top_k", Format: "0"), metric);
                yield return Curve(
                    sweep, TopK, v => Number(v, TopK), v => v.Recall,
                    $"learning-{RunCharts.Slug(sweep.Pipeline)}-recall",
                    $"{sweep.Pipeline}: recall@k against k",
                    $"Recall at each variant's own top_k (95% CI) {where}",
                    new ChartAxis("k (top_k)", Format: "0"), KnownMetrics.Describe("recall@1"));
            }
        }
    }

    private static double? Number(VariantScore variant, string path) =>
        variant.Settings.FirstOrDefault(s => s.Path == path) is { } setting
        && double.TryParse(setting.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>A line per combination of the settings other than <paramref name="path"/>, through the variants' values.</summary>
    private static ChartModel Curve(
        SweepChoice sweep, string path, Func<VariantScore, double?> x, Func<VariantScore, MetricSummary?> y,
        string name, string title, string description, ChartAxis xAxis, MetricDescriptor metric)
    {
        var lines = sweep.Variants
            .GroupBy(v => string.Join(", ", v.Settings.Where(s => s.Path != path).Select(s => $"{s.Path}={s.Value}")), StringComparer.Ordinal)
            .ToList();
        var colors = new PipelineColors(lines.Select(l => LineName(sweep, l.Key)));
        var series = lines
            .Select(line => new ChartSeries(LineName(sweep, line.Key), colors[LineName(sweep, line.Key)], [.. line
                .Where(v => x(v) is not null && y(v) is { Mean: not null })
                .Select(v => new ChartPoint(y(v)!.Mean!.Value, y(v)!.CiLow ?? y(v)!.Mean, y(v)!.CiHigh ?? y(v)!.Mean) { X = x(v), N = y(v)!.N, Label = v.Name })]))
            .Where(s => s.Points.Count > 0)
            .ToList();
        var yAxis = metric.IsRatio
            ? new ChartAxis($"{metric.DisplayName} (95% CI)", Format: "0.0#", Min: 0, Max: 1)
            : new ChartAxis($"{metric.Unit} (95% CI)", Format: "0.######");
        return new ChartModel(name, title, description, ChartKind.Curve, xAxis, yAxis, [], series);
    }

    /// <summary>A line is the pipeline, or the pipeline with the other swept settings it holds fixed.</summary>
    private static string LineName(SweepChoice sweep, string others) => others.Length == 0 ? sweep.Pipeline : $"{sweep.Pipeline} ({others})";
}
