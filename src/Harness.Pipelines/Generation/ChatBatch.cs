using Harness.Llama.Generation;
using Microsoft.Extensions.AI;

namespace Harness.Pipelines.Generation;

/// <summary>One prompt's outcome in a batch: its response, or why its request failed.</summary>
public sealed record ChatBatchResult(ChatResponse? Response, string? Error);

/// <summary>A batch of prompts through one <see cref="IChatClient"/>.</summary>
public static class ChatBatch
{
    /// <summary>
    /// One outcome per prompt (each prompt one user message, after <paramref name="system"/> as a system message when it is set), in prompt order, all requested at once. A local
    /// model's decoding is held until every request is queued, so they are decoded as parallel sequences of one
    /// context, grouped as one batch call would group them; a remote client spreads them over its server. A
    /// request that fails (a remote server's error after the client's retries) fails its prompt only.
    /// </summary>
    public static async Task<ChatBatchResult[]> GetResponsesAsync(this IChatClient client, IReadOnlyList<string> prompts, string? system, ChatOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(prompts);
        Task<ChatResponse>[] requests;
        using (client.GetService<LlamaGenerator>()?.HoldDecoding())
        {
            requests = [.. prompts.Select(prompt => client.GetResponseAsync(
                system is null ? [new ChatMessage(ChatRole.User, prompt)] : [new ChatMessage(ChatRole.System, system), new ChatMessage(ChatRole.User, prompt)],
                options,
                cancellationToken))];
        }
        try
        {
            await Task.WhenAll(requests).ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Each failed request is read from its own task below.
        }
        cancellationToken.ThrowIfCancellationRequested();
        return [.. requests.Select(request => request.IsCompletedSuccessfully
            ? new ChatBatchResult(request.Result, null)
            : new ChatBatchResult(null, request.Exception?.InnerException?.Message ?? "the request was cancelled (timed out)"))];
    }
}
