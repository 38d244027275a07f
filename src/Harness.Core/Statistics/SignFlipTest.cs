namespace Harness.Core.Statistics;

/// <summary>The two-sided p-value of a sign-flip permutation test, and how it was obtained.</summary>
/// <param name="PValue">Probability, under "no difference", of a mean difference at least as far from 0 as the one observed.</param>
/// <param name="Exact">True when every sign pattern was enumerated; false for a seeded Monte Carlo estimate.</param>
/// <param name="Permutations">Sign patterns counted (2^m exact, or the Monte Carlo sample size).</param>
public sealed record SignFlipResult(double PValue, bool Exact, long Permutations);

/// <summary>
/// Paired permutation test of H0 "the mean per-case difference is 0": under H0 each difference is
/// as likely to have either sign, so the observed |sum| is ranked among the sums of its sign flips.
/// </summary>
public static class SignFlipTest
{
    /// <summary>Up to this many non-zero differences every pattern is enumerated (2^20 ≈ 1M sums).</summary>
    public const int DefaultExactLimit = 20;

    public const int DefaultMonteCarloSamples = 20_000;

    public static SignFlipResult PValue(
        IReadOnlyList<double> differences, int seed,
        int exactLimit = DefaultExactLimit, int monteCarloSamples = DefaultMonteCarloSamples)
    {
        ArgumentNullException.ThrowIfNull(differences);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(exactLimit, 30);
        ArgumentOutOfRangeException.ThrowIfLessThan(monteCarloSamples, 1);

        // A zero difference flips to itself, so it changes no sum: dropping zeros leaves the p-value unchanged.
        var nonZero = differences.Where(d => d != 0).ToArray();
        foreach (var d in nonZero)
        {
            if (!double.IsFinite(d))
            {
                throw new ArgumentException($"Cannot test a non-finite difference ({d}).", nameof(differences));
            }
        }
        if (nonZero.Length == 0)
        {
            return new SignFlipResult(1.0, Exact: true, Permutations: 1);
        }

        var observed = Math.Abs(nonZero.Sum());
        // Sums equal to the observed one in exact arithmetic may differ in the last bits; count them as ties.
        var threshold = observed - (1e-9 * nonZero.Sum(Math.Abs));
        return nonZero.Length <= exactLimit
            ? Exact(nonZero, threshold)
            : MonteCarlo(nonZero, threshold, seed, monteCarloSamples);
    }

    private static SignFlipResult Exact(double[] d, double threshold)
    {
        var patterns = 1L << d.Length;
        long atLeastAsExtreme = 0;
        for (long mask = 0; mask < patterns; mask++)
        {
            var sum = 0.0;
            for (var i = 0; i < d.Length; i++)
            {
                sum += (mask & (1L << i)) == 0 ? d[i] : -d[i];
            }
            if (Math.Abs(sum) >= threshold)
            {
                atLeastAsExtreme++;
            }
        }
        return new SignFlipResult((double)atLeastAsExtreme / patterns, Exact: true, patterns);
    }

    private static SignFlipResult MonteCarlo(double[] d, double threshold, int seed, int samples)
    {
        var random = new Random(seed);
        long atLeastAsExtreme = 0;
        for (var s = 0; s < samples; s++)
        {
            var sum = 0.0;
            foreach (var value in d)
            {
                sum += random.Next(2) == 0 ? value : -value;
            }
            if (Math.Abs(sum) >= threshold)
            {
                atLeastAsExtreme++;
            }
        }
        // The observed pattern counts as one of the permutations, so the estimate is never 0 (Phipson & Smyth 2010).
        return new SignFlipResult((atLeastAsExtreme + 1.0) / (samples + 1.0), Exact: false, samples);
    }
}
