using Microsoft.Extensions.AI;

namespace Harness.Llama.AI;

/// <summary>
/// What a chat response says about how it was made, beyond its <see cref="ChatResponse.Usage"/> token counts:
/// stage timings in milliseconds and whether it was replayed from a cache, as AdditionalProperties that
/// the harness's clients write and its pipelines read.
/// </summary>
public static class ChatTimings
{
    public const string PromptEvaluationMs = "prompt_evaluation_ms";
    public const string TimeToFirstTokenMs = "time_to_first_token_ms";
    public const string GenerationMs = "generation_ms";
    public const string TokensPerSecond = "tokens_per_second";
    public const string FromCache = "from_cache";

    public static TimeSpan? PromptEvaluation(ChatResponse response) => Milliseconds(response, PromptEvaluationMs);

    public static TimeSpan? TimeToFirstToken(ChatResponse response) => Milliseconds(response, TimeToFirstTokenMs);

    public static TimeSpan? Generation(ChatResponse response) => Milliseconds(response, GenerationMs);

    public static bool IsFromCache(ChatResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.AdditionalProperties?.TryGetValue(FromCache, out var value) == true && value is true;
    }

    private static TimeSpan? Milliseconds(ChatResponse response, string key)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.AdditionalProperties?.TryGetValue(key, out var value) == true && value is double milliseconds
            ? TimeSpan.FromMilliseconds(milliseconds)
            : null;
    }
}
