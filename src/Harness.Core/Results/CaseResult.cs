using System.Text.Json.Serialization;
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

    /// <summary>The answer's judged claims (empty when faithfulness was not measured or found no claims).</summary>
    [JsonIgnore]
    public IReadOnlyList<ClaimJudgement> Claims => Metrics.FirstOrDefault(m => m.Claims is not null)?.Claims ?? [];
}
