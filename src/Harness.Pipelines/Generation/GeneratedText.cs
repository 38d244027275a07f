namespace Harness.Pipelines.Generation;

/// <summary>One generation with its token counts and stage timings (null timings when replayed from cache).</summary>
public sealed record GeneratedText(
    string Text,
    int PromptTokens,
    int GeneratedTokens,
    TimeSpan? PromptEvaluation,
    TimeSpan? TimeToFirstToken,
    TimeSpan? Generation,
    bool FromCache = false);
