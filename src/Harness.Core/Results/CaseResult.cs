using Harness.Core.Metrics;
using Harness.Core.Pipelines;

namespace Harness.Core.Results;

/// <summary>One case in one pipeline: its output (or error) and every metric value with its status.</summary>
public sealed record CaseResult(
    string CaseId,
    string Pipeline,
    PipelineOutput? Output,
    string? Error,
    IReadOnlyList<MetricValue> Metrics)
{
    public MetricValue? Find(string metricId) => Metrics.FirstOrDefault(m => m.MetricId == metricId);
}
