using MathNet.Numerics.Statistics;

namespace Harness.Core.Statistics;

/// <summary>
/// Seeded percentile bootstrap. The same values, seed, resample count and level always give the
/// same interval, so a run's CIs are reproducible from its recorded seed.
/// </summary>
public static class Bootstrap
{
    public const int DefaultResamples = 2000;

    /// <summary>DESIGN.md asks for at least this many resamples; fewer make the percentile ends too noisy.</summary>
    public const int MinimumResamples = 1000;

    public const double DefaultLevel = 0.95;

    /// <summary>
    /// The mean of <paramref name="values"/> with its percentile-bootstrap CI: the mean of
    /// <paramref name="resamples"/> resamples drawn with replacement, and the (1-level)/2 and
    /// (1+level)/2 quantiles of those means. Null when there are no values.
    /// </summary>
    public static ConfidenceInterval? MeanConfidenceInterval(
        IReadOnlyList<double> values, int seed, int resamples = DefaultResamples, double level = DefaultLevel)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, MinimumResamples);
        if (level is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, "The level must lie strictly between 0 and 1.");
        }
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
        Array.Sort(means);
        var alpha = 1 - level;
        var low = SortedArrayStatistics.QuantileCustom(means, alpha / 2, QuantileDefinition.R7);
        var high = SortedArrayStatistics.QuantileCustom(means, 1 - (alpha / 2), QuantileDefinition.R7);
        // Resample means can differ from the sample mean in the last bits; keep the estimate inside its interval.
        return new ConfidenceInterval(mean, Math.Min(low, mean), Math.Max(high, mean), level);
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
    /// The percentile-bootstrap CI of any statistic of a sample (corpus BLEU, which pools n-grams over
    /// cases and is no mean): the statistic on the sample, and the quantiles of the statistic on
    /// resamples of the items drawn with replacement. Null when the statistic is undefined on the sample.
    /// </summary>
    public static async Task<ConfidenceInterval?> StatisticConfidenceIntervalAsync<T>(
        IReadOnlyList<T> items, Func<IReadOnlyList<T>, ValueTask<double?>> statistic, int seed,
        int resamples = MinimumResamples, double level = DefaultLevel)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(statistic);
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, MinimumResamples);
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
        var sorted = values.ToArray();
        Array.Sort(sorted);
        var alpha = 1 - level;
        var low = sorted.Length == 0 ? estimate : SortedArrayStatistics.QuantileCustom(sorted, alpha / 2, QuantileDefinition.R7);
        var high = sorted.Length == 0 ? estimate : SortedArrayStatistics.QuantileCustom(sorted, 1 - (alpha / 2), QuantileDefinition.R7);
        return new ConfidenceInterval(estimate, Math.Min(low, estimate), Math.Max(high, estimate), level);
    }
}
