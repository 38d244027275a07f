using System.Text.Json;
using Harness.Core;
using Harness.Core.Caching;
using Harness.Core.Data;

namespace Harness.Metrics.Faithfulness;

/// <summary>
/// Keeps a slow scorer's verdicts (an LLM judge's) in the generation cache, keyed by the scorer's
/// identity (model sha256, prompt hash), the claim and the context's text, so a replayed or resumed
/// run judges each (claim, evidence) pair once, like it generates each answer once. Undecided
/// verdicts are not kept: the next run asks again. The cache mode is the run's (replay, refresh, off).
/// </summary>
public sealed class CachingSupportScorer(ISupportScorer inner, GenerationCache cache) : ISupportScorer
{
    private const string Kind = "support-judgement";

    public string Name => inner.Name;

    public string Identity => inner.Identity;

    public async ValueTask<SupportVerdict> ScoreAsync(string claim, IReadOnlyList<Passage> context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(context);
        var key = Key(claim, context);
        if (cache.TryGet(key) is { } cached && JsonSerializer.Deserialize<SupportVerdict>(cached.Text, HarnessJson.Options) is { } stored)
        {
            return stored;
        }
        var verdict = await inner.ScoreAsync(claim, context, cancellationToken).ConfigureAwait(false);
        if (verdict.Outcome != SupportOutcome.Error)
        {
            cache.Put(key, new CachedGeneration(JsonSerializer.Serialize(verdict, HarnessJson.Options), 0, 0));
        }
        return verdict;
    }

    private string Key(string claim, IReadOnlyList<Passage> context) =>
        new GenerationKey(
            inner.Identity,
            [],
            "claim:\n" + claim + "\ncontext:\n" + string.Join("\n\u241E\n", context.Select(p => p.Text)),
            Kind,
            0,
            0,
            Kind).Hash();
}
