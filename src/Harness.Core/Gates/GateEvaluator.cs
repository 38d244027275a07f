using Harness.Core.Baselines;
using Harness.Core.Results;
using Harness.Core.Statistics;
using Harness.Core.Suites;

namespace Harness.Core.Gates;

/// <summary>
/// Evaluates a suite's declared gates on a run (and its baseline, for regression gates). A gate may
/// yield several results (a threshold on every pipeline, a regression gate per pipeline × metric),
/// each tagged with <see cref="GateResult.GateIndex"/>; every paired check of the evaluation is
/// Holm-adjusted together. Errors never count toward a pass: any case in error for a gate's
/// pipeline × metric fails that gate (see <see cref="ThresholdGate"/>, <see cref="PairedGate"/>).
/// A gate on a faithfulness or hallucination metric needs a calibrated scorer (<see cref="CalibrationGuard"/>).
/// </summary>
public static class GateEvaluator
{
    /// <summary>The family regression gates cover when they name no metrics: ratios, whose units the margin shares.</summary>
    public const string RatioUnit = "";

    public static IReadOnlyList<GateResult> Evaluate(SuiteDefinition suite, RunResult run, RunResult? baseline, GateOptions options)
    {
        ArgumentNullException.ThrowIfNull(suite);
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(options);
        var slots = new List<(int Index, GateDefinition Gate, GateResult? Result, PairedCheck? Check)>();
        for (var index = 0; index < suite.Gates.Count; index++)
        {
            var gate = suite.Gates[index];
            var name = GateNames.For(suite.Name, gate);
            switch (gate)
            {
                case ThresholdGateDefinition threshold:
                    slots.AddRange(Thresholds(suite.Name, name, threshold, run, options).Select(r => (index, gate, (GateResult?)r, (PairedCheck?)null)));
                    break;
                case CompareGateDefinition compare:
                    slots.Add((index, gate, null, ComparisonGate.Prepare(name, run, compare.Better, compare.Worse, compare.Metric, compare.Margin, options)));
                    break;
                case RegressionGateDefinition regression:
                    slots.AddRange(Regressions(suite.Name, name, regression, run, baseline, options).Select(x => (index, gate, x.Result, x.Check)));
                    break;
                case ErrorBudgetGateDefinition budget:
                    slots.Add((index, gate, ErrorBudgetGate.Evaluate(name, run, budget.MaxErrorRate), null));
                    break;
                default:
                    throw new ArgumentException($"Unknown gate kind {gate.GetType().Name}.", nameof(suite));
            }
        }

        var checks = slots.Where(s => s.Check is not null).Select(s => s.Check!).ToArray();
        var resolved = PairedCheck.ResolveAll(checks).Select((r, i) => (checks[i], r)).ToDictionary(x => x.Item1, x => x.r);
        return slots
            .Select(s => Strict(s.Gate, CalibrationGuard.Apply((s.Result ?? resolved[s.Check!]) with { GateIndex = s.Index }, suite, run)))
            .ToArray();
    }

    /// <summary>The verdict of one declared gate over its results: fail if any fails, else inconclusive if any is, else pass.</summary>
    public static GateVerdict Overall(IEnumerable<GateResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var verdicts = results.Select(r => r.Verdict).ToArray();
        return verdicts.Contains(GateVerdict.Fail) ? GateVerdict.Fail
            : verdicts.Length == 0 || verdicts.Contains(GateVerdict.Inconclusive) ? GateVerdict.Inconclusive
            : GateVerdict.Pass;
    }

    private static GateResult Strict(GateDefinition gate, GateResult result) =>
        gate.Strict && result.Verdict == GateVerdict.Inconclusive
            ? result with { Verdict = GateVerdict.Fail, Message = "strict gate: inconclusive counts as fail. " + result.Message }
            : result;

    private static IEnumerable<GateResult> Thresholds(string suite, string name, ThresholdGateDefinition gate, RunResult run, GateOptions options)
    {
        if (gate.Pipeline is { } pipeline)
        {
            return [ThresholdGate.Evaluate(name, run, pipeline, gate.Metric, gate.Min, gate.Max, options)];
        }
        var pipelines = PipelinesWith(run, gate.Metric);
        if (pipelines.Count == 0)
        {
            return [new GateResult(name, GateVerdict.Fail, $"no pipeline of the run has {gate.Metric} values") { Kind = GateKind.Threshold, MetricId = gate.Metric }];
        }
        return pipelines.Select(p => ThresholdGate.Evaluate(GateNames.Threshold(suite, p, gate.Metric, gate.Min, gate.Max), run, p, gate.Metric, gate.Min, gate.Max, options));
    }

    private static IEnumerable<(GateResult? Result, PairedCheck? Check)> Regressions(
        string suite, string name, RegressionGateDefinition gate, RunResult run, RunResult? baseline, GateOptions options)
    {
        var template = new GateResult(name, GateVerdict.Inconclusive, "") { Kind = GateKind.Regression, Reference = RegressionGate.BaselineLabel };
        if (baseline is null)
        {
            return [(template with { Message = $"no baseline for suite {suite}: save one with ./harness baseline save <run-dir>" }, null)];
        }
        var differences = RunCompatibility.Differences(run, baseline);
        if (differences.Count > 0 && !options.Force)
        {
            return [(template with { Message = $"the baseline measured something else ({string.Join("; ", differences)}); refresh the baseline or force the comparison" }, null)];
        }

        var checks = new List<(GateResult?, PairedCheck?)>();
        foreach (var pipeline in Pipelines(run))
        {
            foreach (var metric in RegressionMetrics(gate, run, baseline))
            {
                if (MetricSamples.For(run.Results, pipeline, metric).Count > 0 || MetricSamples.For(baseline.Results, pipeline, metric).Count > 0)
                {
                    checks.Add((null, RegressionGate.Prepare(GateNames.RegressionCheck(suite, pipeline, metric, gate.Margin), run, baseline, pipeline, metric, gate.Margin, options, gate.RelativeMargin)));
                }
            }
        }
        return checks.Count > 0
            ? checks
            : [(template with { Message = "the run and its baseline share no pipeline × metric to compare" }, null)];
    }

    /// <summary>The listed metrics (a family name stands for its metrics), or every ratio metric of the run.</summary>
    private static IEnumerable<string> RegressionMetrics(RegressionGateDefinition gate, RunResult run, RunResult baseline)
    {
        var descriptors = run.Metrics.Concat(baseline.Metrics).DistinctBy(m => m.Id).ToArray();
        return gate.Metrics.Count == 0
            ? descriptors.Where(m => m.Unit == RatioUnit).Select(m => m.Id)
            : gate.Metrics.SelectMany(id => descriptors.Any(m => m.Family == id) ? descriptors.Where(m => m.Family == id).Select(m => m.Id) : [id]).Distinct();
    }

    /// <summary>Pipelines with per-case values of the metric, or (a corpus metric) a summary of it.</summary>
    private static List<string> PipelinesWith(RunResult run, string metricId) =>
        Pipelines(run).Where(p => MetricSamples.For(run.Results, p, metricId).Count > 0 || run.Summary.Any(s => s.Pipeline == p && s.MetricId == metricId)).ToList();

    /// <summary>The run's pipelines in the suite's order, then any that only appear in results.</summary>
    private static IEnumerable<string> Pipelines(RunResult run) =>
        run.Pipelines.Select(p => p.Name).Concat(run.Results.Select(r => r.Pipeline)).Distinct();
}
