namespace Harness.Core.Statistics;

/// <summary>The one-sided p-value of a sign-flip permutation test, and how it was obtained.</summary>
/// <param name="PValue">Probability, under "the mean is at most 0", of a sum at least as large as the one observed.</param>
/// <param name="Exact">True when every sign pattern was enumerated; false for a seeded Monte Carlo estimate.</param>
/// <param name="Permutations">Sign patterns counted (2^m exact, or the Monte Carlo sample size).</param>
public sealed record SignFlipResult(double PValue, bool Exact, long Permutations);

/// <summary>
/// Paired permutation test of H0 "the mean of these values is at most 0" against "it is above 0":
/// at the boundary each value is as likely to have either sign, so the observed sum is ranked among
/// the sums of its sign flips. A shifted null ("the difference is at most −margin") is this test on
/// the differences plus the margin; the other direction is the test on the negated values.
/// </summary>
public static class SignFlipTest
{
    /// <summary>Up to this many non-zero values every pattern is enumerated (2^20 ≈ 1M sums).</summary>
    public const int DefaultExactLimit = 20;

    public const int DefaultMonteCarloSamples = 20_000;

    public static SignFlipResult Greater(
        IReadOnlyList<double> values, int seed,
        int exactLimit = DefaultExactLimit, int monteCarloSamples = DefaultMonteCarloSamples)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(exactLimit, 30);
        ArgumentOutOfRangeException.ThrowIfLessThan(monteCarloSamples, 1);

        // A zero flips to itself, so it changes no sum: dropping zeros leaves the p-value unchanged.
        var nonZero = values.Where(d => d != 0).ToArray();
        foreach (var d in nonZero)
        {
            if (!double.IsFinite(d))
            {
                throw new ArgumentException($"Cannot test a non-finite value ({d}).", nameof(values));
            }
        }
        if (nonZero.Length == 0)
        {
            return new SignFlipResult(1.0, Exact: true, Permutations: 1);
        }

        // Sums equal to the observed one in exact arithmetic may differ in the last bits; count them as ties.
        var threshold = nonZero.Sum() - (1e-9 * nonZero.Sum(Math.Abs));
        return nonZero.Length <= exactLimit
            ? Exact(nonZero, threshold)
            : MonteCarlo(nonZero, threshold, seed, monteCarloSamples);
    }

    private static SignFlipResult Exact(double[] d, double threshold)
    {
        var patterns = 1L << d.Length;
        long atLeastAsLarge = 0;
        for (long mask = 0; mask < patterns; mask++)
        {
            var sum = 0.0;
            for (var i = 0; i < d.Length; i++)
            {
                sum += (mask & (1L << i)) == 0 ? d[i] : -d[i];
            }
            if (sum >= threshold)
            {
                atLeastAsLarge++;
            }
        }
        return new SignFlipResult((double)atLeastAsLarge / patterns, Exact: true, patterns);
    }

    private static SignFlipResult MonteCarlo(double[] d, double threshold, int seed, int samples)
    {
        var random = new Random(seed);
        long atLeastAsLarge = 0;
        for (var s = 0; s < samples; s++)
        {
            var sum = 0.0;
            foreach (var value in d)
            {
                sum += random.Next(2) == 0 ? value : -value;
            }
            if (sum >= threshold)
            {
                atLeastAsLarge++;
            }
        }
        // The observed pattern counts as one of the permutations, so the estimate is never 0 (Phipson & Smyth 2010).
        return new SignFlipResult((atLeastAsLarge + 1.0) / (samples + 1.0), Exact: false, samples);
    }
}
