namespace Harness.Core.Results;

/// <summary>
/// A pipeline as configured in a run: its name, kind, a one-line description of its settings, and
/// what it cost to set up (its index; its training, once fine-tuning runs inside the harness).
/// </summary>
public sealed record PipelineInfo(string Name, string Kind, bool Retrieves, string Settings)
{
    /// <summary>Seconds spent building the pipeline's index (now, or when a reused index was built); null without one.</summary>
    public double? IndexBuildSeconds { get; init; }
    public long? IndexSizeBytes { get; init; }
    /// <summary>Seconds spent training the pipeline's model or adapter in this run; the seam fine-tuning inside the harness fills.</summary>
    public double? TrainingSeconds { get; init; }
    /// <summary>Tokens the training processed (all epochs); null when nothing was trained.</summary>
    public long? TrainingTokens { get; init; }
    /// <summary>Which side of "RAG, fine-tuning or both?" it answers (closed-book, rag, fine-tuning, both), or null for kinds outside the question.</summary>
    public string? Approach { get; init; }
    /// <summary>The variant of a swept pipeline this is, chosen on the dev split; null for a pipeline without a sweep.</summary>
    public PipelineSelection? Selection { get; init; }
}
