using Harness.Reporting.Charts;

namespace Harness.Reporting.Decision;

/// <summary>
/// The decision's Pareto charts: the headline metric (95% CI) of every pipeline against its cost per case and against
/// its p95 latency, the Pareto-optimal pipelines ringed, named and joined by the frontier. A chart needs a pipeline
/// with a figure on its axis.
/// </summary>
public static class DecisionCharts
{
    public const string CostChart = "pareto-cost";
    public const string LatencyChart = "pareto-latency";

    public static IReadOnlyList<ChartModel> Build(RunDecision decision, PipelineColors colors)
    {
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(colors);
        var costAxis = decision.Cost == CostMeasure.Money
            ? new ChartAxis($"cost per case ({decision.Money!.Unit}, mean)", Format: "0.######")
            : new ChartAxis("tokens per case (mean)", Format: "#,0");
        ChartModel?[] charts =
        [
            Chart(decision, colors, CostChart, "cost", costAxis, decision.CostOf, p => p.ParetoOnCost),
            Chart(decision, colors, LatencyChart, "p95 latency", new ChartAxis("p95 total latency (ms)", Format: "#,0.#"), p => p.P95LatencyMs, p => p.ParetoOnLatency),
        ];
        return [.. charts.OfType<ChartModel>()];
    }

    private static ChartModel? Chart(
        RunDecision decision, PipelineColors colors, string name, string against, ChartAxis x,
        Func<PipelineStanding, double?> position, Func<PipelineStanding, bool?> optimal)
    {
        var metric = decision.Metric;
        var series = decision.Pipelines
            .Where(p => position(p) is not null)
            .Select(p =>
            {
                var mean = p.Score.Mean!.Value;
                var onFrontier = optimal(p) == true;
                // Only the frontier's points are named beside them: the legend names every pipeline, and seven labels collide.
                var point = new ChartPoint(mean, p.Score.CiLow ?? mean, p.Score.CiHigh ?? mean)
                {
                    X = position(p), N = p.Score.N, Optimal = onFrontier, Label = onFrontier ? p.Name : null,
                };
                return new ChartSeries(p.Name, colors[p.Name], [point]);
            })
            .ToList();
        if (series.Count == 0)
        {
            return null;
        }
        return new ChartModel(
            name,
            $"{metric.DisplayName} against {against}",
            $"{metric.DisplayName} (95% CI) against {x.Title} per pipeline; the Pareto-optimal pipelines are ringed, named and joined by the dashed frontier",
            ChartKind.Scatter,
            x,
            RunCharts.ValueAxis($"{metric.DisplayName} (95% CI)", [metric], series),
            [],
            series);
    }
}
