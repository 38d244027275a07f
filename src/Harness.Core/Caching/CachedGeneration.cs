namespace Harness.Core.Caching;

/// <summary>
/// A stored generation: the text, its token counts and, since the cache keeps them, the model-stage timings
/// measured when it was generated (<see cref="Recorded"/>), which a replay reports instead of its own.
/// </summary>
public sealed record CachedGeneration(string Text, int PromptTokens, int GeneratedTokens)
{
    /// <summary>The timings measured when the answer was generated; null for an entry stored before the cache kept them.</summary>
    public RecordedTimings? Recorded { get; init; }
}

/// <summary>
/// The model-stage timings of a stored generation, as its generator measured them, with the run that generated it
/// and when. A stage the generator did not report is null.
/// </summary>
/// <param name="PromptEvaluation">Prompt evaluation, as the generator measured it.</param>
/// <param name="TimeToFirstToken">Time to the first generated token.</param>
/// <param name="Generation">Generation of the answer's tokens.</param>
/// <param name="RunId">The run that generated it; null when the cache was written outside a run (a judge, a test).</param>
/// <param name="RecordedAt">When it was generated and stored.</param>
public sealed record RecordedTimings(
    TimeSpan? PromptEvaluation, TimeSpan? TimeToFirstToken, TimeSpan? Generation, string? RunId, DateTimeOffset RecordedAt);
