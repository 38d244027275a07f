using Harness.Core.Results;
using Harness.Core.Statistics;

namespace Harness.Core.Gates;

/// <summary>
/// "rag must beat closed-book on token_f1" (by more than a margin, 0 by default): the two pipelines
/// paired on the cases both answered, decided by <see cref="PairedRules"/> (superiority: H0
/// "advantage ≤ margin", one-sided sign-flip, Holm-adjusted). A case in error in either pipeline fails the gate.
/// </summary>
public static class ComparisonGate
{
    public static PairedCheck Prepare(
        string name, RunResult run, string better, string worse, string metricId, double margin, GateOptions options)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(margin);
        var higherIsBetter = run.Metrics.FirstOrDefault(m => m.Id == metricId)?.HigherIsBetter ?? true;
        var spec = new PairedGateSpec(
            new GateResult(name, GateVerdict.Inconclusive, "")
            {
                Kind = GateKind.Comparison,
                Pipeline = better,
                Reference = worse,
                MetricId = metricId,
                Threshold = higherIsBetter ? margin : -margin,
            },
            better, worse, metricId, higherIsBetter, margin, IsRegression: false);
        return PairedGate.Prepare(spec, run, MetricSamples.For(run.Results, better, metricId), MetricSamples.For(run.Results, worse, metricId), options);
    }

    /// <summary>One comparison on its own (a family of one: no Holm adjustment).</summary>
    public static GateResult Evaluate(
        string name, RunResult run, string better, string worse, string metricId, double margin, GateOptions options) =>
        PairedCheck.ResolveAll([Prepare(name, run, better, worse, metricId, margin, options)])[0];
}
