using Harness.Core.Gates;
using Harness.Core.Results;
using Harness.Core.Statistics;

namespace Harness.Core.Baselines;

/// <summary>One pipeline × metric of two runs compared on their shared cases (difference = B − A).</summary>
public sealed record ComparisonRow(
    string Metric, string Pipeline, int N, double? MeanA, double? MeanB, ConfidenceInterval? Difference,
    double? PValue, double? AdjustedPValue, ComparisonVerdict Verdict, string Message);

/// <summary>What a comparison row says about run B relative to run A.</summary>
public enum ComparisonVerdict
{
    /// <summary>B is better, significantly (Holm-adjusted).</summary>
    Improved,
    /// <summary>B is not worse than A by more than the margin (the CI says so).</summary>
    NonInferior,
    /// <summary>B is worse than A by more than the margin (non-inferiority fails).</summary>
    Regressed,
    Inconclusive,
    /// <summary>B has cases in error for this pipeline × metric, which never count as a pass.</summary>
    Error,
}

/// <summary>Two runs that do not measure the same thing (different model or dataset hashes).</summary>
public sealed class IncompatibleRunsException(IReadOnlyList<string> reasons)
    : Exception("the runs are not comparable: " + string.Join("; ", reasons) + " (use --force to compare anyway)");

/// <summary>
/// Run B against run A on every pipeline × metric both have, paired on shared cases, with the
/// regression gate's rules (non-inferiority, one-sided) plus a test of improvement (H0 "B is not
/// better"), and one Holm correction across every hypothesis of every row. The margin applies to
/// ratio metrics; metrics with a unit (ms, tokens/s, tokens, money) use the relative margin, a share
/// of A's mean, so timing noise on a shared machine does not read "regressed".
/// </summary>
public static class RunComparison
{
    public static IReadOnlyList<ComparisonRow> Compare(
        RunResult a, RunResult b, double margin, GateOptions options, double relativeMargin = RegressionGate.DefaultRelativeMargin)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(options);
        var differences = RunCompatibility.Differences(a, b);
        if (differences.Count > 0 && !options.Force)
        {
            throw new IncompatibleRunsException(differences);
        }

        var metrics = b.Metrics.Where(m => a.Metrics.Any(x => x.Id == m.Id)).ToArray();
        var pipelines = b.Pipelines.Select(p => p.Name).Concat(b.Results.Select(r => r.Pipeline)).Distinct()
            .Where(p => a.Results.Any(r => r.Pipeline == p))
            .ToArray();
        var checks = new List<(string Metric, bool HigherIsBetter, string Pipeline, PairedCheck Check)>();
        foreach (var metric in metrics)
        {
            foreach (var pipeline in pipelines)
            {
                if (MetricSamples.For(a.Results, pipeline, metric.Id).Count > 0 && MetricSamples.For(b.Results, pipeline, metric.Id).Count > 0)
                {
                    var name = $"{pipeline} / {metric.Id}";
                    checks.Add((metric.Id, metric.HigherIsBetter, pipeline,
                        RegressionGate.Prepare(name, b, a, pipeline, metric.Id, margin, options, relativeMargin, testsImprovement: true)));
                }
            }
        }

        var resolved = PairedCheck.ResolveWithAdjusted(checks.Select(c => c.Check).ToArray());
        return checks.Select((c, i) => Row(c.Metric, c.Pipeline, c.Check, resolved[i].Result, resolved[i].Adjusted, options)).ToArray();
    }

    private static ComparisonRow Row(string metric, string pipeline, PairedCheck check, GateResult result, IReadOnlyList<double> adjusted, GateOptions options)
    {
        var comparison = check.Comparison;
        // The third hypothesis of a comparison row is H0 "B is not better than A".
        var improved = adjusted.Count == 3 && adjusted[2] < options.Alpha;
        var verdict = result.Verdict switch
        {
            GateVerdict.Fail when comparison is null => ComparisonVerdict.Error,
            GateVerdict.Fail => ComparisonVerdict.Regressed,
            GateVerdict.Pass when improved => ComparisonVerdict.Improved,
            GateVerdict.Pass => ComparisonVerdict.NonInferior,
            _ => ComparisonVerdict.Inconclusive,
        };
        return new ComparisonRow(
            metric, pipeline, result.N, comparison?.MeanReference, comparison?.MeanCurrent, comparison?.Difference,
            result.PValue, result.AdjustedPValue, verdict, result.Message);
    }
}
