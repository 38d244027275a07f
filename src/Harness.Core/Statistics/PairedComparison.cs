using MathNet.Numerics.Statistics;

namespace Harness.Core.Statistics;

/// <summary>
/// Two conditions measured on the same cases (two pipelines, or a run and its baseline): the paired
/// bootstrap CI of mean(current − reference), one-sided sign-flip tests of that mean against any
/// boundary, and what n cases can detect.
/// </summary>
public sealed record PairedComparison
{
    public required int N { get; init; }
    public required double MeanCurrent { get; init; }
    public required double MeanReference { get; init; }
    /// <summary>mean(current − reference) with its paired BCa bootstrap CI.</summary>
    public required ConfidenceInterval Difference { get; init; }
    /// <summary>The per-case differences current − reference, in the aligned order.</summary>
    public required IReadOnlyList<double> Differences { get; init; }
    /// <summary>Sample SD of the per-case differences (0 when n = 1).</summary>
    public required double DifferenceSd { get; init; }
    /// <summary>The smallest true difference these n cases detect at α = 0.05 with 80% power.</summary>
    public required double MinimumDetectableEffect { get; init; }
    /// <summary>Index (into the aligned lists) of the case where current is furthest behind reference.</summary>
    public required int WorstCaseIndex { get; init; }
    /// <summary>Seeds the Monte Carlo sign-flip tests of more than 20 non-zero differences.</summary>
    public required int Seed { get; init; }

    /// <summary>
    /// Compares aligned per-case values; null when there are no shared cases. The difference is
    /// always current − reference; <paramref name="higherIsBetter"/> only says which case is worst.
    /// </summary>
    public static PairedComparison? Compute(
        IReadOnlyList<double> current, IReadOnlyList<double> reference, int seed, bool higherIsBetter = true,
        int resamples = Bootstrap.DefaultResamples, double level = Bootstrap.DefaultLevel)
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
            Differences = differences,
            DifferenceSd = sd,
            MinimumDetectableEffect = PowerAnalysis.MinimumDetectableEffect(sd, differences.Length, 1 - level),
            WorstCaseIndex = worst,
            Seed = seed,
        };
    }

    /// <summary>
    /// One-sided p-values about the mean difference turned by <paramref name="higherIsBetter"/> so that
    /// positive is better: <c>Above</c> tests H0 "mean ≤ boundary" (small when the data say it is
    /// above), <c>Below</c> tests H0 "mean ≥ boundary".
    /// </summary>
    public (double Above, double Below) OneSidedPValues(double boundary, bool higherIsBetter)
    {
        var shifted = Differences.Select(d => (higherIsBetter ? d : -d) - boundary).ToArray();
        return (SignFlipTest.Greater(shifted, Seed).PValue, SignFlipTest.Greater(shifted.Select(s => -s).ToArray(), Seed).PValue);
    }
}
