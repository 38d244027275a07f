using Harness.Core.Results;
using Harness.Core.Statistics;

namespace Harness.Core.Gates;

/// <summary>
/// Non-inferiority against a baseline run: for each pipeline × metric, current and baseline are
/// paired on shared case ids and decided by <see cref="PairedRules"/> (H0 "change ≤ −margin",
/// one-sided). Ratio metrics use the absolute margin; metrics with a unit (ms, tokens/s, tokens,
/// bytes, money) a relative one: a share of the baseline's mean. A current case in error fails the
/// check; baseline cases in error are left out of the pairing.
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
        var relative = descriptor is not null && descriptor.Unit != GateEvaluator.RatioUnit;
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
            spec, run, MetricSamples.For(run.Results, pipeline, metricId), MetricSamples.For(baseline.Results, pipeline, metricId), options);
    }
}
