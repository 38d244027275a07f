using MathNet.Numerics.Statistics;

namespace Harness.Core.Statistics;

/// <summary>
/// Two conditions measured on the same cases (two pipelines, or a run and its baseline): the paired
/// bootstrap CI of mean(current − reference), the sign-flip p-value, and what n cases can detect.
/// </summary>
public sealed record PairedComparison
{
    public required int N { get; init; }
    public required double MeanCurrent { get; init; }
    public required double MeanReference { get; init; }
    /// <summary>mean(current − reference) with its paired bootstrap CI.</summary>
    public required ConfidenceInterval Difference { get; init; }
    /// <summary>The sign-flip test of "mean difference = the null difference" (0 unless a margin shifted it).</summary>
    public required SignFlipResult Test { get; init; }
    /// <summary>Sample SD of the per-case differences (0 when n = 1).</summary>
    public required double DifferenceSd { get; init; }
    /// <summary>The smallest true difference these n cases detect at α = 0.05 with 80% power.</summary>
    public required double MinimumDetectableEffect { get; init; }
    /// <summary>Index (into the aligned lists) of the case where current is furthest behind reference.</summary>
    public required int WorstCaseIndex { get; init; }

    public double PValue => Test.PValue;

    /// <summary>
    /// Compares aligned per-case values; null when there are no shared cases. The difference is
    /// always current − reference; <paramref name="higherIsBetter"/> only says which case is worst.
    /// The p-value tests "mean difference = <paramref name="nullDifference"/>" (a superiority margin
    /// shifts it), by sign flips of the differences minus that value.
    /// </summary>
    public static PairedComparison? Compute(
        IReadOnlyList<double> current, IReadOnlyList<double> reference, int seed, bool higherIsBetter = true,
        double nullDifference = 0, int resamples = Bootstrap.DefaultResamples, double level = Bootstrap.DefaultLevel)
    {
        var differences = PairedDifferences.Of(current, reference);
        if (Bootstrap.MeanConfidenceInterval(differences, seed, resamples, level) is not { } ci)
        {
            return null;
        }
        var sd = differences.Length > 1 ? differences.StandardDeviation() : 0.0;
        var worst = 0;
        for (var i = 1; i < differences.Length; i++)
        {
            if (higherIsBetter ? differences[i] < differences[worst] : differences[i] > differences[worst])
            {
                worst = i;
            }
        }
        return new PairedComparison
        {
            N = differences.Length,
            MeanCurrent = current.Mean(),
            MeanReference = reference.Mean(),
            Difference = ci,
            Test = SignFlipTest.PValue(nullDifference == 0 ? differences : differences.Select(d => d - nullDifference).ToArray(), seed),
            DifferenceSd = sd,
            MinimumDetectableEffect = PowerAnalysis.MinimumDetectableEffect(sd, differences.Length, 1 - level),
            WorstCaseIndex = worst,
        };
    }
}
