using Harness.Core;
using Harness.Core.Metrics;
using Harness.Core.Results;

namespace Harness.Reporting;

/// <summary>Which metrics a report leads with, chosen from the descriptors, never from a list of ids.</summary>
public static class HeadlineMetrics
{
    /// <summary>
    /// The suite's headline metric, or else the first metric of the first family that can lead a report
    /// (<see cref="Core.Metrics.MetricFamily.CanHeadline"/>, in registry order): the headline compares closed-book
    /// with RAG, so it must be a metric every pipeline has (answers), not retrieval.
    /// </summary>
    public static MetricDescriptor? Headline(RunResult run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run.Metrics.FirstOrDefault(m => m.Id == run.Info.HeadlineMetric)
            ?? KnownMetrics.All.Where(f => f.CanHeadline).Select(f => run.Metrics.FirstOrDefault(m => m.Family == f.Name)).FirstOrDefault(m => m is not null)
            ?? run.Metrics.FirstOrDefault(m => !KnownMetrics.IsTiming(m));
    }

    /// <summary>
    /// The headline metric, then the first metric of every other quality family, in descriptor order
    /// (latency is shown as measured total time, whichever latency metrics the suite asked for).
    /// </summary>
    public static IReadOnlyList<MetricDescriptor> Overview(RunResult run)
    {
        var headline = Headline(run);
        var chosen = headline is null ? new List<MetricDescriptor>() : [headline];
        foreach (var family in run.Metrics.Where(m => !KnownMetrics.IsTiming(m)).GroupBy(m => m.Family, StringComparer.Ordinal))
        {
            if (!chosen.Any(m => m.Family == family.Key))
            {
                chosen.Add(family.First());
            }
        }
        return chosen;
    }
}
