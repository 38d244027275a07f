using Harness.Core.Metrics;

namespace Harness.Core.Statistics;

/// <summary>
/// The one place that chooses a mean's interval, for summaries and threshold gates alike: a
/// proportion (a metric whose per-case values are 0 or 1) gets Clopper–Pearson, anything else the
/// seeded BCa bootstrap.
/// </summary>
public static class MetricIntervals
{
    public const string ClopperPearson = "clopper-pearson";
    public const string BcaBootstrap = "bca-bootstrap";

    /// <summary>Below this many ok values a summary is flagged: any interval from so few cases is a rough guide.</summary>
    public const int DefaultMinimumN = 10;

    /// <summary>The mean of the ok values with its interval and the method's name; a null interval when there are no values.</summary>
    public static (ConfidenceInterval? Interval, string Method) Of(
        MetricDescriptor metric, IReadOnlyList<double> values, int seed,
        int resamples = Bootstrap.DefaultResamples, double level = Bootstrap.DefaultLevel)
    {
        ArgumentNullException.ThrowIfNull(metric);
        ArgumentNullException.ThrowIfNull(values);
        // A value other than 0 or 1 means the descriptor's promise does not hold for this run; the bootstrap still applies.
        if (metric.Proportion && values.All(v => v is 0 or 1))
        {
            return (ProportionInterval.ClopperPearson(values.Count(v => v == 1), values.Count, level), ClopperPearson);
        }
        return (Bootstrap.MeanConfidenceInterval(values, seed, resamples, level), BcaBootstrap);
    }
}
