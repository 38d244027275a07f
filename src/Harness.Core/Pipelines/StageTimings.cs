namespace Harness.Core.Pipelines;

/// <summary>
/// Wall-clock time per stage of answering one case. A stage a pipeline does not have is null
/// (an extractive pipeline has no generation), which the latency metrics report as inconclusive.
/// </summary>
public sealed record StageTimings
{
    public TimeSpan? Retrieval { get; init; }
    public TimeSpan? PromptEvaluation { get; init; }
    public TimeSpan? TimeToFirstToken { get; init; }
    public TimeSpan? Generation { get; init; }
    public TimeSpan Total { get; init; }
}
