using System.Diagnostics;
using Harness.Llama.AI;
using Microsoft.Extensions.AI;

namespace Harness.Pipelines.Remote;

/// <summary>
/// Fills in what an OpenAI-compatible server leaves out of a response: the request's wall-clock time as its
/// generation time (no prompt-evaluation or first-token time can be told apart), and, when the server
/// reports no usage, rough token counts (<see cref="RoughTokenCount"/>) for reporting.
/// </summary>
public sealed class MeasuringChatClient(IChatClient inner) : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var turns = messages.ToArray();
        var clock = Stopwatch.StartNew();
        var response = await base.GetResponseAsync(turns, options, cancellationToken).ConfigureAwait(false);
        var elapsed = clock.Elapsed;
        response.AdditionalProperties ??= [];
        response.AdditionalProperties.TryAdd(ChatTimings.GenerationMs, elapsed.TotalMilliseconds);
        response.Usage ??= new UsageDetails();
        response.Usage.InputTokenCount ??= RoughTokenCount.Of(string.Join("\n", turns.Select(m => m.Text)));
        response.Usage.OutputTokenCount ??= RoughTokenCount.Of(response.Text);
        return response;
    }
}
