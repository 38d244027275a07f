using System.Diagnostics;
using Microsoft.Extensions.AI;

namespace Harness.Pipelines.Generation;

/// <summary>
/// Generates through any <see cref="IChatClient"/> (a remote OpenAI-compatible server): each prompt is one
/// user message; up to <paramref name="maxConcurrency"/> requests are in flight at once, so the server's own
/// batching does the scaling. A request that fails (after the client's retries) fails its prompt only.
/// </summary>
public sealed class ChatClientTextGenerator(IChatClient client, GeneratorIdentity identity, int maxConcurrency) : ITextGenerator
{
    public GeneratorIdentity Identity => identity;

    /// <summary>A batch as large as the concurrency keeps every request slot busy.</summary>
    public int PreferredBatchSize => Math.Max(1, maxConcurrency);

    /// <summary>Unknown for a remote server: prompts are sent whole and the server reports overflow.</summary>
    public int? ContextLength => null;

    /// <summary>A rough count (about four characters a token) used only for reporting, never to truncate.</summary>
    public int CountTokens(string text) => (text.Length + 3) / 4;

    /// <summary>The prompt goes as one user message; the server applies its model's chat template.</summary>
    public string FormatPrompt(string prompt) => prompt;

    public async Task<IReadOnlyList<GeneratedText>> GenerateAsync(
        IReadOnlyList<string> prompts, GenerationSettings settings, CancellationToken cancellationToken)
    {
        var results = new GeneratedText[prompts.Count];
        var options = new ChatOptions
        {
            Temperature = settings.Temperature,
            MaxOutputTokens = settings.MaxTokens,
            Seed = settings.Seed,
            TopP = settings.TopP,
            TopK = settings.TopK > 0 ? settings.TopK : null,
            StopSequences = settings.StopStrings.Count > 0 ? [.. settings.StopStrings] : null,
        };
        await Parallel.ForEachAsync(
            Enumerable.Range(0, prompts.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, maxConcurrency), CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var clock = Stopwatch.StartNew();
                ChatResponse response;
                try
                {
                    response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, prompts[i])], options, ct).ConfigureAwait(false);
                }
                catch (Exception e) when (!ct.IsCancellationRequested)
                {
                    results[i] = GeneratedText.Failure(e.Message);
                    return;
                }
                var elapsed = clock.Elapsed;
                results[i] = new GeneratedText(
                    response.Text,
                    (int)(response.Usage?.InputTokenCount ?? CountTokens(prompts[i])),
                    (int)(response.Usage?.OutputTokenCount ?? CountTokens(response.Text)),
                    PromptEvaluation: null,
                    TimeToFirstToken: null,
                    Generation: elapsed);
            }).ConfigureAwait(false);
        return results;
    }

    public ValueTask DisposeAsync()
    {
        client.Dispose();
        return ValueTask.CompletedTask;
    }
}
