using Harness.Llama.Generation;
using Microsoft.Extensions.AI;

namespace Harness.Pipelines.Generation;

/// <summary>A batch of prompts through one <see cref="IChatClient"/>.</summary>
public static class ChatBatch
{
    /// <summary>
    /// One response per prompt (each prompt one user message), in prompt order, all requested at once. A local
    /// model's decoding is held until every request is queued, so they are decoded as parallel sequences of one
    /// context, grouped as one batch call would group them; a remote client spreads them over its server.
    /// </summary>
    public static async Task<ChatResponse[]> GetResponsesAsync(this IChatClient client, IReadOnlyList<string> prompts, ChatOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(prompts);
        Task<ChatResponse>[] requests;
        using (client.GetService<LlamaGenerator>()?.HoldDecoding())
        {
            requests = [.. prompts.Select(prompt => client.GetResponseAsync([new ChatMessage(ChatRole.User, prompt)], options, cancellationToken))];
        }
        return await Task.WhenAll(requests).ConfigureAwait(false);
    }
}
