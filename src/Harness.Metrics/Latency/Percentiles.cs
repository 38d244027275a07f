using Harness.Core.Metrics;

namespace Harness.Metrics.Latency;

/// <summary>
/// p50, p95 and p99 of one latency metric over a pipeline's measured cases (null when none), and
/// <c>Count</c>, how many values they were taken over (warm-up excluded).
/// </summary>
public sealed record PercentileSummary(double? P50, double? P95, double? P99, int Count);

/// <summary>
/// Latency percentiles by the nearest-rank method: the p-th percentile of n sorted values is the
/// value at rank ⌈p/100 · n⌉ (1-based), always a value that was observed. Only ok values count.
/// Warm-up: the first <c>warmUp</c> ok values in run order are dropped before ranking (an answer
/// replayed from the cache is inconclusive, so it warms nothing up). Pass 0 when the warm-up cases'
/// values were already made inconclusive when the cases were scored.
/// </summary>
public static class Percentiles
{
    /// <summary>How many cases of a pipeline are warm-up unless a suite says otherwise.</summary>
    public const int DefaultWarmUp = 1;

    /// <summary>The nearest-rank percentile (0 &lt; p ≤ 100), or null when there are no values.</summary>
    public static double? NearestRank(IEnumerable<double> values, double percentile)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(percentile);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percentile, 100.0);
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return null;
        }
        var rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Length);
        return sorted[Math.Max(rank, 1) - 1];
    }

    /// <summary>
    /// Summarises one metric's values of one pipeline, given in run order (the runner passes the
    /// pipeline's cases in the order they were answered).
    /// </summary>
    public static PercentileSummary Summarize(IEnumerable<MetricValue> valuesInRunOrder, int warmUp)
    {
        ArgumentNullException.ThrowIfNull(valuesInRunOrder);
        ArgumentOutOfRangeException.ThrowIfNegative(warmUp);
        var measured = valuesInRunOrder
            .Where(value => value is { Status: ValueStatus.Ok, Value: not null })
            .Select(value => value.Value!.Value)
            .Skip(warmUp)
            .ToArray();
        return new PercentileSummary(
            NearestRank(measured, 50),
            NearestRank(measured, 95),
            NearestRank(measured, 99),
            measured.Length);
    }
}
