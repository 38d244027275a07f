using Harness.Core.Metrics;
using Harness.Core.Results;

namespace Harness.Core.Statistics;

/// <summary>Aggregates a run's case results into one <see cref="MetricSummary"/> per pipeline × metric.</summary>
public static class MetricSummaries
{
    /// <summary>
    /// Every pipeline (in first-seen order) × metric that has at least one sample; the mean and its
    /// CI (<see cref="MetricIntervals"/>) use ok values only, with <paramref name="seed"/> (the run's
    /// recorded seed); fewer than <paramref name="minimumN"/> ok values flag the summary.
    /// </summary>
    public static IReadOnlyList<MetricSummary> Compute(
        IReadOnlyList<CaseResult> results, IReadOnlyList<MetricDescriptor> metrics, int seed,
        int resamples = Bootstrap.DefaultResamples, double level = Bootstrap.DefaultLevel, int minimumN = MetricIntervals.DefaultMinimumN)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(metrics);
        var summaries = new List<MetricSummary>();
        foreach (var pipeline in results.Select(r => r.Pipeline).Distinct())
        {
            foreach (var metric in metrics)
            {
                var samples = MetricSamples.For(results, pipeline, metric.Id);
                if (samples.Count > 0)
                {
                    summaries.Add(Summarize(pipeline, metric, samples, seed, resamples, level, minimumN));
                }
            }
        }
        return summaries;
    }

    public static MetricSummary Summarize(
        string pipeline, MetricDescriptor metric, IReadOnlyList<MetricSample> samples, int seed,
        int resamples = Bootstrap.DefaultResamples, double level = Bootstrap.DefaultLevel, int minimumN = MetricIntervals.DefaultMinimumN)
    {
        ArgumentNullException.ThrowIfNull(metric);
        ArgumentNullException.ThrowIfNull(samples);
        var values = samples.Where(s => s.Status == ValueStatus.Ok).Select(s => s.Value!.Value).ToArray();
        var (ci, method) = MetricIntervals.Of(metric, values, seed, resamples, level);
        var summary = new MetricSummary(
            pipeline, metric.Id, ci?.Estimate, ci?.Low, ci?.High, values.Length,
            samples.Count(s => s.Status == ValueStatus.Inconclusive),
            samples.Count(s => s.Status == ValueStatus.Error))
        {
            Interval = ci is null ? null : method,
            SmallSample = values.Length < minimumN,
        };
        if (!KnownMetrics.IsTiming(metric) || values.Length == 0)
        {
            return summary;
        }
        Array.Sort(values);
        return summary with
        {
            P50 = Quantiles.OfSorted(values, 0.50),
            P95 = Quantiles.OfSorted(values, 0.95),
            P99 = Quantiles.OfSorted(values, 0.99),
        };
    }
}
