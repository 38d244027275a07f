using Harness.Core.Metrics;
using Harness.Core.Results;
using Harness.Core.Statistics;

namespace Harness.Reporting.Comparison;

/// <summary>What a paired comparison of run B with run A says about one metric in one pipeline.</summary>
public enum ComparisonVerdict
{
    /// <summary>B is better than A, significant after Holm correction.</summary>
    Improved,
    /// <summary>B is worse than A, significant after Holm correction.</summary>
    Regressed,
    /// <summary>The difference is not significant after Holm correction.</summary>
    NoSignificantDifference,
}

/// <summary>
/// One row of a two-run comparison: B − A on the cases both runs scored ok, with its paired 95% CI,
/// the p-value and the Holm-adjusted p-value across every row of the comparison.
/// </summary>
public sealed record PairedComparisonRow(
    string MetricId,
    string Pipeline,
    int N,
    double MeanA,
    double MeanB,
    double Difference,
    double CiLow,
    double CiHigh,
    double PValue,
    double AdjustedPValue,
    ComparisonVerdict Verdict)
{
    public const double Alpha = 0.05;

    /// <summary>A row from the statistics engine's comparison, where B is "current" and A "reference".</summary>
    public static PairedComparisonRow From(string metricId, string pipeline, PairedComparison comparison, double adjustedPValue, bool higherIsBetter)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        var difference = comparison.Difference.Estimate;
        var verdict = adjustedPValue >= Alpha || difference == 0
            ? ComparisonVerdict.NoSignificantDifference
            : (difference > 0) == higherIsBetter ? ComparisonVerdict.Improved : ComparisonVerdict.Regressed;
        return new PairedComparisonRow(
            metricId, pipeline, comparison.N, comparison.MeanReference, comparison.MeanCurrent, difference,
            comparison.Difference.Low, comparison.Difference.High, comparison.PValue, adjustedPValue, verdict);
    }

    /// <summary>
    /// Compares every metric of every pipeline the two runs share, paired on the cases both scored
    /// ok, with Holm correction across all of them. The seed is run B's, so the result is repeatable.
    /// </summary>
    public static IReadOnlyList<PairedComparisonRow> Compute(RunResult runA, RunResult runB)
    {
        ArgumentNullException.ThrowIfNull(runA);
        ArgumentNullException.ThrowIfNull(runB);
        var pipelines = RunOrdering.PipelineNames(runB).Intersect(RunOrdering.PipelineNames(runA), StringComparer.Ordinal).ToList();
        var comparisons = new List<(MetricDescriptor Metric, string Pipeline, PairedComparison Comparison)>();
        foreach (var metric in runB.Metrics.Where(m => runA.Metrics.Any(a => a.Id == m.Id)))
        {
            foreach (var pipeline in pipelines)
            {
                var a = OkValues(runA, pipeline, metric.Id);
                var b = OkValues(runB, pipeline, metric.Id);
                var shared = b.Keys.Where(a.ContainsKey).Order(StringComparer.Ordinal).ToList();
                if (shared.Count == 0)
                {
                    continue;
                }
                var comparison = PairedComparison.Compute(
                    [.. shared.Select(id => b[id])], [.. shared.Select(id => a[id])], runB.Info.Seed, metric.HigherIsBetter);
                if (comparison is not null)
                {
                    comparisons.Add((metric, pipeline, comparison));
                }
            }
        }
        var adjusted = Holm.Adjust([.. comparisons.Select(c => c.Comparison.PValue)]);
        return [.. comparisons.Select((c, i) => From(c.Metric.Id, c.Pipeline, c.Comparison, adjusted[i], c.Metric.HigherIsBetter))];
    }

    private static Dictionary<string, double> OkValues(RunResult run, string pipeline, string metricId)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var result in run.Results.Where(r => r.Pipeline == pipeline))
        {
            if (result.Find(metricId) is { Status: ValueStatus.Ok, Value: { } value })
            {
                values.TryAdd(result.CaseId, value);
            }
        }
        return values;
    }
}
