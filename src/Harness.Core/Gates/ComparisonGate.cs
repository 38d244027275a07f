using Harness.Core.Results;
using Harness.Core.Statistics;

namespace Harness.Core.Gates;

/// <summary>
/// <c>{ compare: [rag, closed-book], metric: token_f1, margin: 0.05 }</c>: pipeline <see cref="Better"/> must
/// beat <see cref="Worse"/> on a metric by more than <see cref="Margin"/>, paired on cases (<see cref="ComparisonGate"/>).
/// </summary>
public sealed record CompareGateDefinition(string Metric, string Better, string Worse, double Margin) : GateDefinition
{
    public static CompareGateDefinition? Read(GateReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var map = reader.Map;
        var names = map.Strings("compare");
        var metric = reader.Metric();
        var margin = reader.Margin();
        if (names.Count != 2)
        {
            map.Report(map.Get("compare") ?? map.Node, "'compare' needs two pipelines: '[better, worse]'");
            return null;
        }
        var better = reader.Pipeline(names[0], names[0].Value);
        var worse = reader.Pipeline(names[1], names[1].Value);
        if (metric is not null && KnownMetrics.IsCorpus(metric))
        {
            map.Report(map.Get("metric")!, GateReader.PairedCorpusMetric(metric));
            return null;
        }
        return metric is null || better is null || worse is null ? null : new CompareGateDefinition(metric, better, worse, margin ?? 0);
    }

    public override string Name(string suite) => GateNames.Comparison(suite, Better, Worse, Metric, Margin);

    public override IReadOnlyList<string>? Pipelines => [Better, Worse];

    public override IReadOnlyList<string> MetricIds => [Metric];

    public override IEnumerable<PairedCheck> Evaluate(GateContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return [ComparisonGate.Prepare(context.Name, context.Run, Better, Worse, Metric, Margin, context.Options)];
    }
}

/// <summary>
/// "rag must beat closed-book on token_f1" (by more than a margin, 0 by default): the two pipelines
/// paired on the cases both answered, decided by <see cref="PairedRules"/> (superiority: H0
/// "advantage ≤ margin", one-sided sign-flip, Holm-adjusted; prediction-powered t tests when people labelled both
/// pipelines on the same cases, <see cref="PairedGate"/>). A case in error in either pipeline fails the gate.
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
        return PairedGate.Prepare(
            spec, run, MetricSamples.For(run.Results, better, metricId), MetricSamples.For(run.Results, worse, metricId), options,
            (run.Labels?.Find(better, metricId), run.Labels?.Find(worse, metricId)));
    }

    /// <summary>One comparison on its own (a family of one: no Holm adjustment).</summary>
    public static GateResult Evaluate(
        string name, RunResult run, string better, string worse, string metricId, double margin, GateOptions options) =>
        PairedCheck.ResolveAll([Prepare(name, run, better, worse, metricId, margin, options)])[0];
}
