using Harness.Core.Baselines;
using Harness.Core.Metrics;
using Harness.Reporting.Charts;

namespace Harness.Reporting.Comparison;

/// <summary>Per metric, the paired difference B − A per pipeline with its 95% CI and a rule at zero, coloured by verdict.</summary>
public static class ComparisonCharts
{
    private static readonly (ComparisonVerdict Verdict, string Colour)[] _verdictColours =
    [
        (ComparisonVerdict.Improved, "#1a7f37"),
        (ComparisonVerdict.NonInferior, "#4e79a7"),
        (ComparisonVerdict.Inconclusive, "#9a6700"),
        (ComparisonVerdict.Regressed, "#c62828"),
        (ComparisonVerdict.Error, "#6e1414"),
    ];

    public static IReadOnlyList<ChartModel> Build(IReadOnlyList<PairedComparisonRow> rows, IReadOnlyList<MetricDescriptor> metrics)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(metrics);
        var charts = new List<ChartModel>();
        var metricIds = metrics.Select(m => m.Id).Concat(rows.Select(r => r.MetricId)).Distinct(StringComparer.Ordinal);
        foreach (var metricId in metricIds)
        {
            // A row in error has no difference to draw; the table shows it.
            var metricRows = rows.Where(r => r.MetricId == metricId && r.Difference is not null).ToList();
            if (metricRows.Count == 0)
            {
                continue;
            }
            var metric = metrics.FirstOrDefault(m => m.Id == metricId);
            var name = metric?.DisplayName ?? metricId;
            var series = _verdictColours
                .Select(v => new ChartSeries(
                    PairedComparisonRow.VerdictText(v.Verdict),
                    v.Colour,
                    [.. metricRows.Where(r => r.Verdict == v.Verdict).Select(r => new ChartPoint(r.Difference!.Value, r.CiLow, r.CiHigh)
                    {
                        Category = r.Pipeline,
                        N = r.N,
                    })]))
                .Where(s => s.Points.Count > 0)
                .ToList();
            charts.Add(new ChartModel(
                $"diff-{RunCharts.Slug(metricId)}",
                $"{name}: difference B − A",
                $"Paired difference of {name} (run B minus run A) per pipeline with its 95% CI, coloured by verdict",
                ChartKind.Points,
                new ChartAxis($"{name}: B − A (95% CI)", Format: metric?.Format ?? "0.000"),
                new ChartAxis("pipeline"),
                [.. metricRows.Select(r => r.Pipeline).Distinct(StringComparer.Ordinal)],
                series)
            {
                Horizontal = true,
                ReferenceLine = 0,
            });
        }
        return charts;
    }
}
