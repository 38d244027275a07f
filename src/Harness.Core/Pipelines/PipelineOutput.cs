using Harness.Core.Data;

namespace Harness.Core.Pipelines;

/// <summary>
/// What a pipeline produced for one case. <see cref="Context"/> is the evidence the answer is judged
/// against for faithfulness: the retrieved passages for retrieval pipelines, the case's gold evidence
/// passages for closed-book ones (docs/architecture.md, "Comparable evidence"), so the two are comparable.
/// </summary>
public sealed record PipelineOutput
{
    public required string Answer { get; init; }
    public IReadOnlyList<RetrievedPassage> Retrieved { get; init; } = [];
    public IReadOnlyList<Passage> Context { get; init; } = [];
    public StageTimings Timings { get; init; } = new();
    public TokenCounts Tokens { get; init; } = new(0, 0);
    /// <summary>The exact prompt sent to the model, kept for drill-down and for the cache key.</summary>
    public string? Prompt { get; init; }
    /// <summary>True when the answer came from the generation cache rather than the model.</summary>
    public bool FromCache { get; init; }
}
