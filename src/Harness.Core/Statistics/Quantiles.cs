using MathNet.Numerics.Statistics;

namespace Harness.Core.Statistics;

/// <summary>
/// The one quantile the harness reports: MathNet's R7 (linear between order statistics, R's and
/// NumPy's default), so a median or p95 in a chart, a summary and a bootstrap interval agree.
/// </summary>
public static class Quantiles
{
    /// <summary>The <paramref name="q"/> quantile of values already sorted ascending (q clamped to [0, 1]).</summary>
    public static double OfSorted(double[] sorted, double q) =>
        SortedArrayStatistics.QuantileCustom(sorted, Math.Clamp(q, 0, 1), QuantileDefinition.R7);

    /// <summary>The median of values in any order; R7 at 0.5 is the middle value, or the mean of the two middle ones.</summary>
    public static double Median(IEnumerable<double> values) => OfSorted([.. values.Order()], 0.5);
}
