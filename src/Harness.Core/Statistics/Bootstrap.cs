using MathNet.Numerics.Distributions;
using MathNet.Numerics.Statistics;

namespace Harness.Core.Statistics;

/// <summary>
/// Seeded BCa bootstrap (bias-corrected and accelerated, Efron 1987; DiCiccio &amp; Efron 1996). The
/// percentile ends of the resampled statistic are moved by the bias correction z0 (how many resamples
/// fall below the estimate) and the acceleration a (the jackknife skewness of the statistic), which
/// is what keeps small skewed samples (8 smoke cases of a rate near 0) from getting an interval that
/// is too short on the long side. The same values, seed, resample count and level always give the
/// same interval, so a run's CIs are reproducible from its recorded seed.
/// </summary>
public static class Bootstrap
{
    /// <summary>
    /// The resample count of every interval unless a caller asks otherwise: twice the minimum (docs/architecture.md, "Intervals"), so the
    /// 2.5% and 97.5% percentile ends rest on about 50 resamples each rather than 25 (one cost for all
    /// intervals, means and corpus statistics alike, so they are equally steady).
    /// </summary>
    public const int DefaultResamples = 2000;

    /// <summary>docs/architecture.md ("Intervals") asks for at least this many resamples; fewer make the percentile ends too noisy.</summary>
    public const int MinimumResamples = 1000;

    public const double DefaultLevel = 0.95;

    /// <summary>
    /// The mean of <paramref name="values"/> with its BCa bootstrap CI from <paramref name="resamples"/>
    /// resamples drawn with replacement. Null when there are no values.
    /// </summary>
    public static ConfidenceInterval? MeanConfidenceInterval(
        IReadOnlyList<double> values, int seed, int resamples = DefaultResamples, double level = DefaultLevel)
    {
        ArgumentNullException.ThrowIfNull(values);
        CheckSettings(resamples, level);
        if (values.Count == 0)
        {
            return null;
        }
        foreach (var value in values)
        {
            if (!double.IsFinite(value))
            {
                throw new ArgumentException($"Cannot bootstrap a non-finite value ({value}).", nameof(values));
            }
        }

        var n = values.Count;
        var mean = values.Mean();
        // System.Random with a seed uses a fixed algorithm, stable across .NET versions and machines.
        var random = new Random(seed);
        var means = new double[resamples];
        for (var r = 0; r < resamples; r++)
        {
            var sum = 0.0;
            for (var i = 0; i < n; i++)
            {
                sum += values[random.Next(n)];
            }
            means[r] = sum / n;
        }
        var sum0 = values.Sum();
        var jackknife = n < 2 ? [] : values.Select(v => (sum0 - v) / (n - 1)).ToArray();
        return Bca(mean, means, jackknife, level);
    }

    /// <summary>
    /// The paired bootstrap CI of mean(current − reference) over cases both lists share by position:
    /// resampling cases keeps each pair together, so case difficulty cancels out.
    /// </summary>
    public static ConfidenceInterval? PairedDifferenceConfidenceInterval(
        IReadOnlyList<double> current, IReadOnlyList<double> reference, int seed,
        int resamples = DefaultResamples, double level = DefaultLevel) =>
        MeanConfidenceInterval(PairedDifferences.Of(current, reference), seed, resamples, level);

    /// <summary>
    /// The BCa bootstrap CI of any statistic of a sample (corpus BLEU, which pools n-grams over cases
    /// and is no mean): the statistic on the sample, on resamples of the items drawn with replacement,
    /// and on each leave-one-out sample (the jackknife). Null when the statistic is undefined on the sample.
    /// </summary>
    public static async Task<ConfidenceInterval?> StatisticConfidenceIntervalAsync<T>(
        IReadOnlyList<T> items, Func<IReadOnlyList<T>, ValueTask<double?>> statistic, int seed,
        int resamples = DefaultResamples, double level = DefaultLevel)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(statistic);
        CheckSettings(resamples, level);
        if (items.Count == 0 || await statistic(items).ConfigureAwait(false) is not { } estimate || !double.IsFinite(estimate))
        {
            return null;
        }
        var random = new Random(seed);
        var values = new List<double>(resamples);
        var resample = new T[items.Count];
        for (var r = 0; r < resamples; r++)
        {
            for (var i = 0; i < resample.Length; i++)
            {
                resample[i] = items[random.Next(items.Count)];
            }
            if (await statistic(resample).ConfigureAwait(false) is { } value && double.IsFinite(value))
            {
                values.Add(value);
            }
        }
        var jackknife = new List<double>(items.Count);
        for (var left = 0; items.Count > 1 && left < items.Count; left++)
        {
            var without = items.Where((_, i) => i != left).ToArray();
            if (await statistic(without).ConfigureAwait(false) is { } value && double.IsFinite(value))
            {
                jackknife.Add(value);
            }
        }
        return Bca(estimate, [.. values], [.. jackknife], level);
    }

    /// <summary>
    /// The jackknife acceleration a = Σ(θ̄ − θ₍ᵢ₎)³ / (6·(Σ(θ̄ − θ₍ᵢ₎)²)^{3/2}) of the leave-one-out
    /// estimates θ₍ᵢ₎; 0 when they do not vary.
    /// </summary>
    public static double Acceleration(IReadOnlyList<double> jackknife)
    {
        ArgumentNullException.ThrowIfNull(jackknife);
        if (jackknife.Count < 2)
        {
            return 0;
        }
        var mean = jackknife.Average();
        double squares = 0, cubes = 0;
        foreach (var theta in jackknife)
        {
            var d = mean - theta;
            squares += d * d;
            cubes += d * d * d;
        }
        return squares == 0 ? 0 : cubes / (6 * Math.Pow(squares, 1.5));
    }

    private static ConfidenceInterval Bca(double estimate, double[] resampled, double[] jackknife, double level)
    {
        if (resampled.Length == 0)
        {
            return new ConfidenceInterval(estimate, estimate, estimate, level);
        }
        Array.Sort(resampled);
        // Ties with the estimate count half, so a discrete statistic is not biased one way (resamples of 0/1 values hit the
        // estimate often); "tie" allows for the last bits in which two ways of summing the same values differ.
        var tolerance = 1e-12 * Math.Max(1, Math.Abs(estimate));
        var ties = resampled.Count(v => Math.Abs(v - estimate) <= tolerance);
        var below = resampled.Count(v => v < estimate - tolerance) + (0.5 * ties);
        var b = resampled.Length;
        var share = Math.Clamp(below / b, 0.5 / b, 1 - (0.5 / b));
        var z0 = Normal.InvCDF(0, 1, share);
        var a = Acceleration(jackknife);
        var alpha = 1 - level;
        var low = Quantiles.OfSorted(resampled, Adjusted(z0, a, alpha / 2));
        var high = Quantiles.OfSorted(resampled, Adjusted(z0, a, 1 - (alpha / 2)));
        // Resample statistics can differ from the estimate in the last bits; keep the estimate inside its interval.
        return new ConfidenceInterval(estimate, Math.Min(low, estimate), Math.Max(high, estimate), level);
    }

    /// <summary>The BCa percentile: Φ(z0 + (z0 + z_q) / (1 − a·(z0 + z_q))).</summary>
    private static double Adjusted(double z0, double a, double q)
    {
        var zq = Normal.InvCDF(0, 1, q);
        var denominator = 1 - (a * (z0 + zq));
        // A huge acceleration can turn the correction over; the furthest percentile is then the honest end.
        return denominator <= 0 ? (q < 0.5 ? 0 : 1) : Normal.CDF(0, 1, z0 + ((z0 + zq) / denominator));
    }

    private static void CheckSettings(int resamples, double level)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, MinimumResamples);
        if (level is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, "The level must lie strictly between 0 and 1.");
        }
    }
}
