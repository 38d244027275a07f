namespace Harness.Pipelines.Generation;

/// <summary>
/// One generation with its token counts and stage timings (null timings when replayed from cache), or
/// the <see cref="Error"/> that kept one prompt of a batch from being answered (a remote request that
/// failed: the other prompts of the batch still have their answers).
/// </summary>
public sealed record GeneratedText(
    string Text,
    int PromptTokens,
    int GeneratedTokens,
    TimeSpan? PromptEvaluation,
    TimeSpan? TimeToFirstToken,
    TimeSpan? Generation,
    bool FromCache = false)
{
    public string? Error { get; init; }

    public static GeneratedText Failure(string error) => new("", 0, 0, null, null, null) { Error = error };
}
