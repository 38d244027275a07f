using MathNet.Numerics.Statistics;

namespace Harness.Core.Statistics;

/// <summary>
/// Two conditions measured on the same cases (two pipelines, or a run and its baseline): the paired
/// bootstrap CI of mean(current − reference), one-sided sign-flip tests of that mean against any
/// boundary, and what n cases can detect. With people's values on cases labelled in both, the difference,
/// its interval, the tests and the means are prediction-powered instead (<see cref="PredictionPowered"/>).
/// </summary>
public sealed record PairedComparison
{
    public required int N { get; init; }
    public required double MeanCurrent { get; init; }
    public required double MeanReference { get; init; }
    /// <summary>mean(current − reference) with its paired BCa bootstrap CI, or its prediction-powered interval (<see cref="PredictionPowered"/>).</summary>
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
    /// The prediction-powered estimate of the mean difference, when people labelled at least 2 of the cases in both
    /// conditions: the scorer's per-case differences rectified by people's (<see cref="Statistics.PredictionPowered"/>).
    /// Then <see cref="Difference"/> is its interval, the means each condition's own prediction-powered mean, the
    /// minimum detectable effect counts labelled cases, and <see cref="OneSidedPValues"/> are its t tests.
    /// </summary>
    public PpiEstimate? PredictionPowered { get; init; }

    /// <summary>
    /// Compares aligned per-case values; null when there are no shared cases. The difference is
    /// always current − reference; <paramref name="higherIsBetter"/> only says which case is worst.
    /// <paramref name="people"/>: people's values on the same cases, aligned with them, null where that side is not
    /// labelled; with at least 2 cases labelled in both, the comparison is prediction-powered (<see cref="PredictionPowered"/>).
    /// </summary>
    public static PairedComparison? Compute(
        IReadOnlyList<double> current, IReadOnlyList<double> reference, int seed, bool higherIsBetter = true,
        int resamples = Bootstrap.DefaultResamples, double level = Bootstrap.DefaultLevel,
        (IReadOnlyList<double?> Current, IReadOnlyList<double?> Reference)? people = null)
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
        var scorerOnly = new PairedComparison
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
        if (people is not { } labelled)
        {
            return scorerOnly;
        }
        // The per-case difference is the unit: people's difference exists where both sides are labelled.
        var units = differences
            .Select((d, i) => new PpiUnit(d, labelled.Current[i] is { } a && labelled.Reference[i] is { } b ? a - b : null))
            .ToArray();
        if (Statistics.PredictionPowered.Estimate(units) is not { } difference)
        {
            return scorerOnly;
        }
        return scorerOnly with
        {
            MeanCurrent = SideMean(current, labelled.Current),
            MeanReference = SideMean(reference, labelled.Reference),
            Difference = difference.Interval(level),
            MinimumDetectableEffect = PowerAnalysis.MinimumDetectableEffect(difference.PerLabelSd, difference.Labelled, 1 - level),
            PredictionPowered = difference,
        };
    }

    /// <summary>One condition's prediction-powered mean over the compared cases (it has at least the 2 labels both sides share).</summary>
    private static double SideMean(IReadOnlyList<double> scorer, IReadOnlyList<double?> people) =>
        Statistics.PredictionPowered.Estimate([.. scorer.Select((s, i) => new PpiUnit(s, people[i]))])!.Value.Estimate;

    /// <summary>
    /// One-sided p-values about the mean difference turned by <paramref name="higherIsBetter"/> so that
    /// positive is better: <c>Above</c> tests H0 "mean ≤ boundary" (small when the data say it is
    /// above), <c>Below</c> tests H0 "mean ≥ boundary". Sign-flip tests of the per-case differences, or,
    /// when the comparison is prediction-powered, the t tests of its estimate (<see cref="PpiEstimate.OneSidedPValues"/>).
    /// </summary>
    public (double Above, double Below) OneSidedPValues(double boundary, bool higherIsBetter)
    {
        if (PredictionPowered is { } estimate)
        {
            return estimate.OneSidedPValues(boundary, higherIsBetter);
        }
        var shifted = Differences.Select(d => (higherIsBetter ? d : -d) - boundary).ToArray();
        return (SignFlipTest.Greater(shifted, Seed).PValue, SignFlipTest.Greater(shifted.Select(s => -s).ToArray(), Seed).PValue);
    }
}
