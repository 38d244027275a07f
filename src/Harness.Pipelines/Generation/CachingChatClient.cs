using Harness.Core.Caching;
using Harness.Llama.AI;
using Microsoft.Extensions.AI;

namespace Harness.Pipelines.Generation;

/// <summary>
/// Serves responses from the persistent generation cache and asks the inner client only on a miss, storing
/// its answer. A replayed response carries its token counts and <see cref="ChatTimings.FromCache"/> but no
/// timings: latency is never replayed. Streaming passes through uncached (pipelines do not stream).
/// </summary>
/// <param name="inner">The client that generates on a miss.</param>
/// <param name="cache">The run's generation cache (owned by whoever opened it).</param>
/// <param name="identity">What the inner client's output depends on besides prompt and options; part of the key.</param>
public sealed class CachingChatClient(IChatClient inner, GenerationCache cache, GeneratorIdentity identity) : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var turns = messages.ToArray();
        var key = KeyOf(turns, options);
        if (cache.TryGet(key) is { } hit)
        {
            return new ChatResponse(new ChatMessage(ChatRole.Assistant, hit.Text))
            {
                Usage = new UsageDetails { InputTokenCount = hit.PromptTokens, OutputTokenCount = hit.GeneratedTokens, TotalTokenCount = hit.PromptTokens + hit.GeneratedTokens },
                AdditionalProperties = new() { [ChatTimings.FromCache] = true },
            };
        }
        var response = await base.GetResponseAsync(turns, options, cancellationToken).ConfigureAwait(false);
        cache.Put(key, new CachedGeneration(response.Text, (int)(response.Usage?.InputTokenCount ?? 0), (int)(response.Usage?.OutputTokenCount ?? 0)));
        return response;
    }

    // The prompt is the messages' text as a plain-text client joins it: for the pipelines' single user message, the prompt itself.
    private string KeyOf(ChatMessage[] messages, ChatOptions? options)
    {
        var settings = GenerationSettings.From(options);
        var prompt = string.Join("\n", messages.Select(m => m.Text));
        return new GenerationKey(identity.ModelSha256, identity.Adapters, prompt, settings.Describe(), settings.Seed, settings.MaxTokens, identity.NativeBuild).Hash();
    }
}
