using Harness.Core.Results;
using Harness.Core.Suites;

namespace Harness.Core.Gates;

/// <summary>
/// Evaluates a suite's declared gates (<see cref="IGate"/>) on a run (and its baseline, for regression gates). A gate may
/// yield several results (a threshold on every pipeline, a regression gate per pipeline × metric),
/// each tagged with <see cref="GateResult.GateIndex"/>; every paired check of the evaluation is
/// Holm-adjusted together. Errors never count toward a pass: any case in error for a gate's
/// pipeline × metric fails that gate (see <see cref="ThresholdGate"/>, <see cref="PairedGate"/>).
/// A gate on a faithfulness or hallucination metric needs a calibrated scorer (<see cref="CalibrationGuard"/>).
/// </summary>
public static class GateEvaluator
{
    public static IReadOnlyList<GateResult> Evaluate(SuiteDefinition suite, RunResult run, RunResult? baseline, GateOptions options)
    {
        ArgumentNullException.ThrowIfNull(suite);
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(options);
        var slots = suite.Gates
            .SelectMany((gate, index) => gate.Evaluate(new GateContext(suite.Name, gate.Name(suite.Name), run, baseline, options)).Select(check => (index, gate, check)))
            .ToArray();
        var resolved = PairedCheck.ResolveAll([.. slots.Select(s => s.check)]);
        return [.. slots.Select((s, i) => Strict(s.gate, CalibrationGuard.Apply(resolved[i] with { GateIndex = s.index }, suite, run)))];
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

    /// <summary>
    /// The run's gate line, "3 passed, 1 inconclusive (scorer below calibration bar)": each verdict that occurs with
    /// its count, and why the inconclusive ones did not decide, so a CI log says what a green exit code let through.
    /// </summary>
    public static string Tally(IReadOnlyCollection<GateResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        if (results.Count == 0)
        {
            return "no gates";
        }
        var parts = new List<string>();
        var passed = results.Count(r => r.Verdict == GateVerdict.Pass);
        if (passed > 0)
        {
            parts.Add($"{passed} passed");
        }
        var inconclusive = results.Where(r => r.Verdict == GateVerdict.Inconclusive).ToArray();
        if (inconclusive.Length > 0)
        {
            var reasons = inconclusive.Select(r => r.InconclusiveReason).OfType<string>().Distinct().ToArray();
            parts.Add(reasons.Length > 0 ? $"{inconclusive.Length} inconclusive ({string.Join("; ", reasons)})" : $"{inconclusive.Length} inconclusive");
        }
        var failed = results.Count(r => r.Verdict == GateVerdict.Fail);
        if (failed > 0)
        {
            parts.Add($"{failed} failed");
        }
        return string.Join(", ", parts);
    }

    private static GateResult Strict(IGate gate, GateResult result) =>
        gate.Strict && result.Verdict == GateVerdict.Inconclusive
            ? result with
            {
                Verdict = GateVerdict.Fail,
                Message = $"strict gate: inconclusive{(result.InconclusiveReason is { } why ? $" ({why})" : "")} counts as fail. " + result.Message,
                InconclusiveReason = null,
            }
            : result;

    /// <summary>The run's pipelines in the suite's order, then any that only appear in results.</summary>
    internal static IEnumerable<string> Pipelines(RunResult run) =>
        run.Pipelines.Select(p => p.Name).Concat(run.Results.Select(r => r.Pipeline)).Distinct();
}
