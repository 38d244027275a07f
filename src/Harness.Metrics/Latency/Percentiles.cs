using Harness.Core.Metrics;
using MathNet.Numerics.Statistics;

namespace Harness.Metrics.Latency;

/// <summary>
/// p50, p95 and p99 of one latency metric over a pipeline's measured cases (null when none), and
/// <c>Count</c>, how many values they were taken over (warm-up excluded).
/// </summary>
public sealed record PercentileSummary(double? P50, double? P95, double? P99, int Count);

/// <summary>
/// Latency percentiles by linear interpolation between closest ranks (Hyndman &amp; Fan definition 7,
/// as numpy's default and Excel's PERCENTILE.INC, and as the run summaries in Harness.Core compute
/// them): with n sorted values and h = (n − 1)·p/100, the percentile is x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]).
/// Only ok values count. Warm-up: the first <c>warmUp</c> ok values in run order are dropped first
/// (an answer replayed from the cache is inconclusive, so it warms nothing up). Pass 0 when the
/// warm-up cases' values were already made inconclusive when the cases were scored.
/// </summary>
public static class Percentiles
{
    /// <summary>How many cases of a pipeline are warm-up unless a suite says otherwise.</summary>
    public const int DefaultWarmUp = 1;

    /// <summary>The percentile (0 ≤ p ≤ 100) of the values, or null when there are none.</summary>
    public static double? Of(IEnumerable<double> values, double percentile)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfNegative(percentile);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percentile, 100.0);
        var sorted = values.Order().ToArray();
        return sorted.Length == 0
            ? null
            : SortedArrayStatistics.QuantileCustom(sorted, percentile / 100.0, QuantileDefinition.R7);
    }

    /// <summary>
    /// Summarises one metric's values of one pipeline, given in run order (the order in which the
    /// pipeline answered its cases).
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
        return new PercentileSummary(Of(measured, 50), Of(measured, 95), Of(measured, 99), measured.Length);
    }
}
