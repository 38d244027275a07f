using Harness.Core.Baselines;
using Harness.Core.Gates;
using Harness.Core.Results;

namespace Harness.Reporting.Comparison;

/// <summary>
/// One row of a two-run comparison as the report shows it: Core's <see cref="ComparisonRow"/>
/// (B − A on the cases both runs share, paired CI, p, Holm-adjusted p, verdict) flattened to numbers.
/// The statistics and verdicts are <see cref="RunComparison"/>'s, the same as `harness compare`.
/// </summary>
public sealed record PairedComparisonRow(
    string MetricId,
    string Pipeline,
    int N,
    double? MeanA,
    double? MeanB,
    double? Difference,
    double? CiLow,
    double? CiHigh,
    double? PValue,
    double? AdjustedPValue,
    ComparisonVerdict Verdict,
    string Message = "")
{
    /// <summary>The non-inferiority margin on ratio metrics that `harness compare` uses by default.</summary>
    public const double DefaultMargin = 0.02;

    public static PairedComparisonRow From(ComparisonRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new PairedComparisonRow(
            row.Metric, row.Pipeline, row.N, row.MeanA, row.MeanB, row.Difference?.Estimate, row.Difference?.Low, row.Difference?.High,
            row.PValue, row.AdjustedPValue, row.Verdict, row.Message);
    }

    /// <summary>
    /// B compared with A by <see cref="RunComparison.Compare"/>. The caller decides first whether the
    /// runs are comparable (<see cref="RunCompatibility.Differences"/>), so the options force the comparison.
    /// </summary>
    public static IReadOnlyList<PairedComparisonRow> Compute(RunResult runA, RunResult runB, double margin = DefaultMargin, GateOptions? options = null) =>
        [.. RunComparison.Compare(runA, runB, margin, (options ?? GateOptions.Default) with { Force = true }).Select(From)];

    public static string VerdictText(ComparisonVerdict verdict) => verdict switch
    {
        ComparisonVerdict.Improved => "improved",
        ComparisonVerdict.NonInferior => "non-inferior",
        ComparisonVerdict.Regressed => "regressed",
        ComparisonVerdict.Inconclusive => "inconclusive",
        ComparisonVerdict.Error => "error",
        _ => throw new ArgumentOutOfRangeException(nameof(verdict), verdict, "unknown comparison verdict"),
    };
}
