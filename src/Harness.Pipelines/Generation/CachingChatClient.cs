using Harness.Core.Caching;
using Harness.Llama.AI;
using Microsoft.Extensions.AI;

namespace Harness.Pipelines.Generation;

/// <summary>
/// Serves responses from the persistent generation cache and asks the inner client only on a miss, storing
/// its answer with the model-stage timings it was generated in. A replayed response carries its token counts,
/// <see cref="ChatTimings.FromCache"/> and those recorded timings with the run and time they come from
/// (<see cref="ChatTimings.RecordedBy"/>), never the replay's own; an entry stored before the cache kept
/// timings replays with none. Streaming passes through uncached (pipelines do not stream).
/// </summary>
/// <param name="inner">The client that generates on a miss.</param>
/// <param name="cache">The run's generation cache (owned by whoever opened it).</param>
/// <param name="identity">What the inner client's output depends on besides prompt and options; part of the key.</param>
/// <param name="runId">The run whose generations this client stores, named beside each entry; null outside a run.</param>
public sealed class CachingChatClient(IChatClient inner, GenerationCache cache, GeneratorIdentity identity, string? runId = null) : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var turns = messages.ToArray();
        var key = KeyOf(turns, options);
        if (cache.TryGet(key) is { } hit)
        {
            return Replayed(hit);
        }
        var response = await base.GetResponseAsync(turns, options, cancellationToken).ConfigureAwait(false);
        cache.Put(key, new CachedGeneration(response.Text, (int)(response.Usage?.InputTokenCount ?? 0), (int)(response.Usage?.OutputTokenCount ?? 0))
        {
            Recorded = new RecordedTimings(
                ChatTimings.PromptEvaluation(response), ChatTimings.TimeToFirstToken(response), ChatTimings.Generation(response), runId, DateTimeOffset.UtcNow),
        });
        return response;
    }

    private static ChatResponse Replayed(CachedGeneration hit)
    {
        var properties = new AdditionalPropertiesDictionary { [ChatTimings.FromCache] = true };
        if (hit.Recorded is { } recorded)
        {
            properties[ChatTimings.RecordedAt] = recorded.RecordedAt;
            AddIfKnown(properties, ChatTimings.RecordedByRun, recorded.RunId);
            AddIfKnown(properties, ChatTimings.PromptEvaluationMs, recorded.PromptEvaluation?.TotalMilliseconds);
            AddIfKnown(properties, ChatTimings.TimeToFirstTokenMs, recorded.TimeToFirstToken?.TotalMilliseconds);
            AddIfKnown(properties, ChatTimings.GenerationMs, recorded.Generation?.TotalMilliseconds);
        }
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, hit.Text))
        {
            Usage = new UsageDetails { InputTokenCount = hit.PromptTokens, OutputTokenCount = hit.GeneratedTokens, TotalTokenCount = hit.PromptTokens + hit.GeneratedTokens },
            AdditionalProperties = properties,
        };
    }

    private static void AddIfKnown(AdditionalPropertiesDictionary properties, string key, object? value)
    {
        if (value is not null)
        {
            properties[key] = value;
        }
    }

    // A single user message keys by its text (the keys of every cache written so far); several messages key by each
    // role and text joined with NUL, which no prompt text holds, so a system text plus a question never shares a key
    // with another prompt that happens to read the same.
    private string KeyOf(ChatMessage[] messages, ChatOptions? options)
    {
        var settings = GenerationSettings.From(options);
        var prompt = messages is [{ } only] && only.Role == ChatRole.User
            ? only.Text
            : string.Join('\0', messages.Select(m => m.Role.Value + '\0' + m.Text));
        return new GenerationKey(identity.ModelSha256, identity.Adapters, prompt, settings.Describe(), settings.Seed, settings.MaxTokens, identity.NativeBuild).Hash();
    }
}
