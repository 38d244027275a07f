using Harness.Core.Caching;

namespace Harness.Pipelines.Generation;

/// <summary>
/// Serves generations from the persistent cache and generates only the misses (in one batch),
/// storing them as they come. Replayed answers carry no timings: latency is never replayed.
/// </summary>
public sealed class CachingTextGenerator(ITextGenerator inner, GenerationCache cache) : ITextGenerator
{
    public GeneratorIdentity Identity => inner.Identity;

    public int? ContextLength => inner.ContextLength;

    public int CountTokens(string text) => inner.CountTokens(text);

    public string FormatPrompt(string prompt) => inner.FormatPrompt(prompt);

    public int PreferredBatchSize => inner.PreferredBatchSize;

    public async Task<IReadOnlyList<GeneratedText>> GenerateAsync(
        IReadOnlyList<string> prompts, GenerationSettings settings, CancellationToken cancellationToken)
    {
        var keys = prompts.Select(prompt => KeyOf(prompt, settings)).ToArray();
        var results = new GeneratedText?[prompts.Count];
        var misses = new List<int>();
        for (var i = 0; i < prompts.Count; i++)
        {
            if (cache.TryGet(keys[i]) is { } hit)
            {
                results[i] = new GeneratedText(hit.Text, hit.PromptTokens, hit.GeneratedTokens, null, null, null, FromCache: true);
            }
            else
            {
                misses.Add(i);
            }
        }
        if (misses.Count > 0)
        {
            var generated = await inner.GenerateAsync(misses.Select(i => prompts[i]).ToArray(), settings, cancellationToken).ConfigureAwait(false);
            for (var j = 0; j < misses.Count; j++)
            {
                var result = generated[j];
                if (result.Error is null)
                {
                    cache.Put(keys[misses[j]], new CachedGeneration(result.Text, result.PromptTokens, result.GeneratedTokens));
                }
                results[misses[j]] = result;
            }
        }
        return results.Select(r => r!).ToArray();
    }

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    private string KeyOf(string prompt, GenerationSettings settings) =>
        new GenerationKey(inner.Identity.ModelSha256, inner.Identity.Adapters, prompt, settings.Describe(), settings.Seed, settings.MaxTokens, inner.Identity.NativeBuild).Hash();
}
