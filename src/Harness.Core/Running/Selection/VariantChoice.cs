using System.Globalization;
using Harness.Core.Metrics;
using Harness.Core.Results;
using Harness.Core.Suites;

namespace Harness.Core.Running.Selection;

/// <summary>
/// Chooses each swept pipeline's variant from the selection run (suites/README.md, "Sweeps and selection"): the variant
/// with the best mean of the selection metric, unless others' 95% CIs overlap the best's; then, among those, the
/// cheapest per case: fewest prompt + generated tokens per case, then fewest training tokens, then the lowest median
/// latency, then the first in sweep order. Tokens come first because they are what a deployment pays for on every
/// request and, unlike latency, they are the same on every machine, so the choice is too.
/// </summary>
public static class VariantChoice
{
    /// <summary>The choice per swept pipeline; throws when a pipeline has no variant with a score.</summary>
    public static IReadOnlyList<SweepChoice> Choose(IReadOnlyList<PipelineSweep> sweeps, RunResult selectionRun, string metricId)
    {
        ArgumentNullException.ThrowIfNull(sweeps);
        ArgumentNullException.ThrowIfNull(selectionRun);
        var metric = selectionRun.Metrics.FirstOrDefault(m => m.Id == metricId) ?? KnownMetrics.Describe(metricId);
        return [.. sweeps.Select(sweep => Choose(sweep, selectionRun, metric))];
    }

    private static SweepChoice Choose(PipelineSweep sweep, RunResult run, MetricDescriptor metric)
    {
        var scores = sweep.Variants.Select(v => Score(run, v, metric.Id)).ToList();
        var scored = scores.Where(s => s.Score?.Mean is not null).ToList();
        if (scored.Count == 0)
        {
            throw new InvalidOperationException(
                $"no variant of pipeline '{sweep.Pipeline}' has a {metric.Id} on the selection cases (every value is an error or inconclusive) - look at the selection run's cases.csv, or select by another metric");
        }
        // MaxBy and MinBy keep the first of equal means: the earlier variant in sweep order.
        var best = metric.HigherIsBetter ? scored.MaxBy(s => s.Score!.Mean!.Value)! : scored.MinBy(s => s.Score!.Mean!.Value)!;
        var contenders = scored.Where(s => Overlaps(s.Score!, best.Score!)).ToList();
        var chosen = contenders
            .OrderBy(s => s.TokensPerCase ?? double.MaxValue)
            .ThenBy(s => s.TrainingTokens ?? 0)
            .ThenBy(s => s.MedianLatencyMs ?? double.MaxValue)
            .First();
        var kind = PipelineKinds.Of(sweep.Variants[0].Pipeline.Kind);
        return new SweepChoice(sweep.Pipeline, kind.Name, kind.Approach, chosen.Name, Reason(metric, best, chosen, contenders.Count), scores);
    }

    private static VariantScore Score(RunResult run, SweepVariant variant, string metricId)
    {
        var name = variant.Pipeline.Name;
        var answered = run.Results.Where(r => r.Pipeline == name && r.Output is not null).ToList();
        var recallId = variant.Pipeline.Retriever is { } retriever ? string.Create(CultureInfo.InvariantCulture, $"recall@{retriever.TopK}") : null;
        return new VariantScore(
            name,
            variant.Settings,
            Summary(run, name, metricId),
            answered.Count == 0 ? null : answered.Average(r => (double)(r.Output!.Tokens.Prompt + r.Output.Tokens.Generated)),
            Summary(run, name, "latency_total_ms")?.P50,
            run.Training.FirstOrDefault(t => t.Pipeline == name && t.Error is null)?.TrainedTokens,
            recallId is null ? null : Summary(run, name, recallId));
    }

    private static MetricSummary? Summary(RunResult run, string pipeline, string metricId) =>
        run.Summary.FirstOrDefault(s => s.Pipeline == pipeline && s.MetricId == metricId);

    /// <summary>Whether two 95% CIs share a value (a summary without an interval is its mean).</summary>
    private static bool Overlaps(MetricSummary a, MetricSummary b) =>
        (a.CiLow ?? a.Mean) <= (b.CiHigh ?? b.Mean) && (b.CiLow ?? b.Mean) <= (a.CiHigh ?? a.Mean);

    private static string Reason(MetricDescriptor metric, VariantScore best, VariantScore chosen, int contenders)
    {
        var bestText = $"{best.Name} {Interval(best.Score!)}";
        if (contenders == 1)
        {
            return $"the best {metric.Id} on the selection cases, {Interval(best.Score!)}, and no other variant's CI overlaps it";
        }
        var cost = string.Create(CultureInfo.InvariantCulture, $"{chosen.TokensPerCase:0.#} tokens per case");
        return chosen == best
            ? $"the best {metric.Id} on the selection cases, {Interval(best.Score!)}, and the cheapest ({cost}) of the {contenders} variants whose CI overlaps it"
            : $"the cheapest ({cost}) of the {contenders} variants whose {metric.Id} CI overlaps the best's ({bestText}); its own {Interval(chosen.Score!)}";
    }

    private static string Interval(MetricSummary summary) =>
        string.Create(CultureInfo.InvariantCulture, $"{summary.Mean:0.###} [{summary.CiLow ?? summary.Mean:0.###}, {summary.CiHigh ?? summary.Mean:0.###}]");
}
