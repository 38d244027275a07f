using Harness.Core.Results;

namespace Harness.Core.Metrics;

/// <summary>
/// A metric family with figures that belong to a pipeline or to the whole run rather than to a case (the cost
/// family's token totals, index build time and size, peak memory, training): the runner asks for them once the
/// cases are done, after the per-case and corpus summaries. Each figure is one measurement, so its summary has no
/// interval (<see cref="MetricSummary.Measured"/>).
/// </summary>
public interface IRunAggregateMetric
{
    /// <summary>The family name, the same as the <see cref="IMetric.Name"/> of the metric that implements both.</summary>
    string Name { get; }

    IReadOnlyList<MetricDescriptor> AggregateDescriptors { get; }

    /// <summary>One summary per pipeline and figure it has, from the run's results, pipelines and record.</summary>
    IReadOnlyList<MetricSummary> Aggregate(RunResult run);
}
