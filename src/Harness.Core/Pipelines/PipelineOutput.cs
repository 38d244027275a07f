using System.Text.Json.Serialization;
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
    /// <summary>Retrieved passages left out of the prompt so it fits the model's context (the lowest-ranked first); 0 when all fit.</summary>
    public int DroppedPassages { get; init; }
    public IReadOnlyList<Passage> Context { get; init; } = [];
    public StageTimings Timings { get; init; } = new();
    public TokenCounts Tokens { get; init; } = new(0, 0);
    /// <summary>The exact prompt sent to the model, kept for drill-down and for the cache key.</summary>
    public string? Prompt { get; init; }
    /// <summary>True when the answer came from the generation cache rather than the model.</summary>
    public bool FromCache { get; init; }
    /// <summary>
    /// For an answer replayed from the generation cache whose entry kept its timings: the run that generated it and
    /// when. Its model-stage <see cref="Timings"/> are then that run's, not the replay's (retrieval, which a replay
    /// runs again, is measured now). Null for an answer generated now, and for a replayed one whose entry kept no
    /// timings (stored before the cache kept them), which has no latency.
    /// </summary>
    public RecordedLatency? Recorded { get; init; }

    /// <summary>Whether <see cref="Timings"/> measure this answer: generated now, or replayed with its recorded timings.</summary>
    [JsonIgnore]
    public bool HasLatency => !FromCache || Recorded is not null;
}

/// <summary>The run that generated a replayed answer (null when the cache was written outside a run) and when.</summary>
public sealed record RecordedLatency(string? RunId, DateTimeOffset RecordedAt);
