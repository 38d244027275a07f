namespace Harness.Reporting.Decision;

/// <summary>
/// Which pipelines no other pipeline dominates on the point estimates: one dominates another when it scores at least
/// as well for at most the cost (or p95 latency), and is strictly better in one of the two.
/// </summary>
internal static class Pareto
{
    public static List<PipelineStanding> Mark(IReadOnlyList<PipelineStanding> pipelines, bool higherIsBetter, CostMeasure cost)
    {
        double Quality(PipelineStanding p) => higherIsBetter ? p.Score.Mean!.Value : -p.Score.Mean!.Value;
        double? Cost(PipelineStanding p) => cost switch
        {
            CostMeasure.Money => p.MoneyPerCase,
            CostMeasure.Tokens => p.TokensPerCase,
            _ => null,
        };
        return [.. pipelines.Select(p => p with
        {
            ParetoOnCost = Optimal(p, pipelines, Quality, Cost),
            ParetoOnLatency = Optimal(p, pipelines, Quality, q => q.P95LatencyMs),
        })];
    }

    /// <summary>Null when the pipeline has no figure on the axis; otherwise whether no pipeline with one dominates it.</summary>
    private static bool? Optimal(
        PipelineStanding candidate, IReadOnlyList<PipelineStanding> pipelines, Func<PipelineStanding, double> quality, Func<PipelineStanding, double?> axis)
    {
        if (axis(candidate) is not { } own)
        {
            return null;
        }
        var score = quality(candidate);
        return !pipelines.Any(other => !ReferenceEquals(other, candidate) && axis(other) is { } cost
            && quality(other) >= score && cost <= own && (quality(other) > score || cost < own));
    }
}
