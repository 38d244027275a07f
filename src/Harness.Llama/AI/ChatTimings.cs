using Microsoft.Extensions.AI;

namespace Harness.Llama.AI;

/// <summary>
/// What a chat response says about how it was made, beyond its <see cref="ChatResponse.Usage"/> token counts:
/// stage timings in milliseconds and whether it was replayed from a cache, as AdditionalProperties that
/// the harness's clients write and its pipelines read. A replayed response carries the timings measured when it was
/// generated, with the run that generated it and when (<see cref="RecordedBy"/>), or no timings at all.
/// </summary>
public static class ChatTimings
{
    public const string PromptEvaluationMs = "prompt_evaluation_ms";
    public const string TimeToFirstTokenMs = "time_to_first_token_ms";
    public const string GenerationMs = "generation_ms";
    public const string TokensPerSecond = "tokens_per_second";
    public const string FromCache = "from_cache";
    /// <summary>On a replayed response whose timings were recorded: the run that generated it (a string; absent when none was named).</summary>
    public const string RecordedByRun = "recorded_by_run";
    /// <summary>On a replayed response whose timings were recorded: when it was generated (a <see cref="DateTimeOffset"/>).</summary>
    public const string RecordedAt = "recorded_at";

    public static TimeSpan? PromptEvaluation(ChatResponse response) => Milliseconds(response, PromptEvaluationMs);

    public static TimeSpan? TimeToFirstToken(ChatResponse response) => Milliseconds(response, TimeToFirstTokenMs);

    public static TimeSpan? Generation(ChatResponse response) => Milliseconds(response, GenerationMs);

    public static bool IsFromCache(ChatResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.AdditionalProperties?.TryGetValue(FromCache, out var value) == true && value is true;
    }

    /// <summary>For a replayed response with recorded timings, the run that generated it and when; null otherwise.</summary>
    public static (string? RunId, DateTimeOffset At)? RecordedBy(ChatResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.AdditionalProperties?.TryGetValue(RecordedAt, out var value) == true && value is DateTimeOffset at
            ? (response.AdditionalProperties.TryGetValue(RecordedByRun, out var run) ? run as string : null, at)
            : null;
    }

    private static TimeSpan? Milliseconds(ChatResponse response, string key)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.AdditionalProperties?.TryGetValue(key, out var value) == true && value is double milliseconds
            ? TimeSpan.FromMilliseconds(milliseconds)
            : null;
    }
}
