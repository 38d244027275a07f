using Harness.Core.Baselines;
using Harness.Core.Results;
using Harness.Core.Statistics;

namespace Harness.Core.Gates;

/// <summary>
/// <c>{ regression: true, margin: 0.02 }</c>: no metric may get worse than the stored baseline
/// (results/baselines/&lt;suite&gt;.json) by more than <see cref="Margin"/> (ratio metrics) or
/// <see cref="RelativeMargin"/> of the baseline's mean (metrics with a unit: latency, cost), per
/// pipeline × metric (<see cref="RegressionGate"/>); on the metrics listed, or on every ratio metric of the run.
/// </summary>
public sealed record RegressionGateDefinition(double Margin, IReadOnlyList<string> Metrics) : GateDefinition
{
    public double RelativeMargin { get; init; } = RegressionGate.DefaultRelativeMargin;

    public static RegressionGateDefinition? Read(GateReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var map = reader.Map;
        switch (map.Bool("regression"))
        {
            case false:
                map.Report(map.Get("regression")!, "'regression: false' asks for no gate - remove the gate, or say 'regression: true'");
                return null;
            case null:
                return null;
        }
        var margin = reader.Margin();
        var relative = map.Double("relative_margin");
        if (relative is < 0)
        {
            map.Report(map.Get("relative_margin")!, "'relative_margin' is a share of the baseline mean, 0 or more (e.g. 0.10 for 10%)");
            relative = null;
        }
        var ids = new List<string>();
        foreach (var node in map.Strings("metrics"))
        {
            if (node.Value is { } named && KnownMetrics.IsCorpus(named))
            {
                map.Report(node, GateReader.PairedCorpusMetric(named));
            }
            else if (reader.CheckMetric(node, node.Value ?? "") is { } id)
            {
                ids.Add(id);
            }
        }
        if (margin is null && !map.Has("margin"))
        {
            map.Report(map.Node, "a regression gate needs 'margin:' (the largest tolerated drop, e.g. 0.02)");
        }
        return margin is null ? null : new RegressionGateDefinition(margin.Value, ids) { RelativeMargin = relative ?? RegressionGate.DefaultRelativeMargin };
    }

    public override string Name(string suite) => GateNames.Regression(suite, Margin, Metrics);

    public override IEnumerable<PairedCheck> Evaluate(GateContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (suite, run, baseline, options) = (context.Suite, context.Run, context.Baseline, context.Options);
        var template = new GateResult(context.Name, GateVerdict.Inconclusive, "") { Kind = GateKind.Regression, Reference = RegressionGate.BaselineLabel };
        if (baseline is null)
        {
            return [PairedCheck.Decided(template with
            {
                Message = $"no baseline for suite {suite}: save one with ./harness baseline save <run-dir>",
                InconclusiveReason = InconclusiveReasons.NoBaseline,
            })];
        }
        var differences = RunCompatibility.Differences(run, baseline);
        if (differences.Count > 0 && !options.Force)
        {
            return [PairedCheck.Decided(template with
            {
                Message = $"the baseline measured something else ({string.Join("; ", differences)}); refresh the baseline or force the comparison",
                InconclusiveReason = InconclusiveReasons.BaselineNotComparable,
            })];
        }

        var checks = new List<PairedCheck>();
        foreach (var pipeline in GateEvaluator.Pipelines(run))
        {
            foreach (var metric in MetricsOf(run, baseline))
            {
                if (MetricSamples.For(run.Results, pipeline, metric).Count > 0 || MetricSamples.For(baseline.Results, pipeline, metric).Count > 0)
                {
                    checks.Add(RegressionGate.Prepare(GateNames.RegressionCheck(suite, pipeline, metric, Margin), run, baseline, pipeline, metric, Margin, options, RelativeMargin));
                }
            }
        }
        return checks.Count > 0
            ? checks
            : [PairedCheck.Decided(template with
            {
                Message = "the run and its baseline share no pipeline × metric to compare",
                InconclusiveReason = InconclusiveReasons.NothingToCompare,
            })];
    }

    /// <summary>The listed metrics (a family name stands for its metrics), or every ratio metric of the run: the margin is in their units.</summary>
    private IEnumerable<string> MetricsOf(RunResult run, RunResult baseline)
    {
        var descriptors = run.Metrics.Concat(baseline.Metrics).DistinctBy(m => m.Id).ToArray();
        return Metrics.Count == 0
            ? descriptors.Where(m => m.IsRatio).Select(m => m.Id)
            : Metrics.SelectMany(id => descriptors.Any(m => m.Family == id) ? descriptors.Where(m => m.Family == id).Select(m => m.Id) : [id]).Distinct();
    }
}

/// <summary>
/// Non-inferiority against a baseline run: for each pipeline × metric, current and baseline are
/// paired on shared case ids and decided by <see cref="PairedRules"/> (H0 "change ≤ −margin",
/// one-sided). Ratio metrics use the absolute margin; metrics with a unit (ms, tokens/s, tokens,
/// bytes, money) a relative one: a share of the baseline's mean. A current case in error fails the
/// check; baseline cases in error are left out of the pairing. When people labelled the pipeline's answers in
/// both runs on the same cases, the change is prediction-powered (<see cref="PairedGate"/>).
/// </summary>
public static class RegressionGate
{
    public const string BaselineLabel = "baseline";

    /// <summary>The share of the baseline mean a latency or cost metric may worsen by (10%).</summary>
    public const double DefaultRelativeMargin = 0.10;

    public static PairedCheck Prepare(
        string name, RunResult run, RunResult baseline, string pipeline, string metricId, double margin, GateOptions options,
        double relativeMargin = DefaultRelativeMargin, bool testsImprovement = false)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(margin);
        ArgumentOutOfRangeException.ThrowIfNegative(relativeMargin);
        var descriptor = run.Metrics.FirstOrDefault(m => m.Id == metricId) ?? baseline.Metrics.FirstOrDefault(m => m.Id == metricId);
        var higherIsBetter = descriptor?.HigherIsBetter ?? true;
        var relative = descriptor is not null && !descriptor.IsRatio;
        var spec = new PairedGateSpec(
            new GateResult(name, GateVerdict.Inconclusive, "")
            {
                Kind = GateKind.Regression,
                Pipeline = pipeline,
                Reference = BaselineLabel,
                MetricId = metricId,
                Threshold = higherIsBetter ? -margin : margin,
            },
            pipeline, $"{BaselineLabel} {pipeline}", metricId, higherIsBetter, margin, IsRegression: true)
        {
            RelativeMargin = relative ? relativeMargin : null,
            TestsImprovement = testsImprovement,
        };
        return PairedGate.Prepare(
            spec, run, MetricSamples.For(run.Results, pipeline, metricId), MetricSamples.For(baseline.Results, pipeline, metricId), options,
            (run.Labels?.Find(pipeline, metricId), baseline.Labels?.Find(pipeline, metricId)));
    }
}
