using Harness.Core.Results;
using Harness.Core.Statistics;

namespace Harness.Core.Gates;

/// <summary>
/// Non-inferiority against a baseline run: for each pipeline × metric, current and baseline are
/// paired on shared case ids and decided by <see cref="PairedRules.NonInferior"/>. A current case
/// in error fails the check; baseline cases in error are left out of the pairing.
/// </summary>
public static class RegressionGate
{
    public const string BaselineLabel = "baseline";

    public static PairedCheck Prepare(
        string name, RunResult run, RunResult baseline, string pipeline, string metricId, double margin, GateOptions options)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(margin);
        var higherIsBetter = (run.Metrics.FirstOrDefault(m => m.Id == metricId) ?? baseline.Metrics.FirstOrDefault(m => m.Id == metricId))?.HigherIsBetter ?? true;
        var spec = new PairedGateSpec(
            new GateResult(name, GateVerdict.Inconclusive, "")
            {
                Kind = GateKind.Regression,
                Pipeline = pipeline,
                Reference = BaselineLabel,
                MetricId = metricId,
                Threshold = higherIsBetter ? -margin : margin,
            },
            pipeline, $"{BaselineLabel} {pipeline}", metricId, higherIsBetter, margin, IsRegression: true);
        return PairedGate.Prepare(
            spec, run, MetricSamples.For(run.Results, pipeline, metricId), MetricSamples.For(baseline.Results, pipeline, metricId), options);
    }
}
