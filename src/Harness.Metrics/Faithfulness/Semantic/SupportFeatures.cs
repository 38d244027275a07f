using Harness.Core.Data;
using Harness.Core.Numerics;
using Harness.Metrics.Answer;
using Harness.Core.Text;
using Microsoft.Extensions.AI;

namespace Harness.Metrics.Faithfulness.Semantic;

/// <summary>
/// What the semantic scorer knows about a (claim, evidence) pair, measured against the claim's best
/// evidence window (<see cref="EvidenceWindows.Best"/>):
/// <list type="bullet">
/// <item><c>coverage</c>: share of the claim's content terms in the window (the lexical scorer's score);</item>
/// <item><c>context_coverage</c>: the same over all the evidence (support spread over sentences);</item>
/// <item><c>order</c>: longest common subsequence of the claim's and the window's tokens over the claim's length (word order);</item>
/// <item><c>numbers_missing</c>: share of the claim's numbers not in the window;</item>
/// <item><c>negation_mismatch</c>: 1 when exactly one of claim and window is negated;</item>
/// <item><c>claim_length</c>: ln(1 + the claim's content terms): long claims are rarely supported in full;</item>
/// <item><c>similarity</c>: cosine of the sentence embeddings of claim and window (only with an embedder).</item>
/// </list>
/// </summary>
public static class SupportFeatures
{
    public static IReadOnlyList<string> LexicalNames { get; } =
        ["coverage", "context_coverage", "order", "numbers_missing", "negation_mismatch", "claim_length"];

    public const string Similarity = "similarity";

    public static IReadOnlyList<string> Names(bool withEmbedder) => withEmbedder ? [.. LexicalNames, Similarity] : LexicalNames;

    /// <summary>The features in <see cref="Names"/> order, and the window they were measured on (null when the evidence has no sentence).</summary>
    public static async Task<(double[] Values, EvidenceWindow? Window)> ComputeAsync(
        string claim, IReadOnlyList<Passage> context, IEmbeddingGenerator<string, Embedding<float>>? embedder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(context);
        var terms = TermExtractor.Extract(claim);
        var window = EvidenceWindows.Best(terms, context);
        var all = context.Select(p => TermExtractor.Extract(p.Text)).Aggregate(new Terms(new HashSet<string>(), new HashSet<string>(), false), EvidenceWindows.Union);
        var claimTokens = SquadNormalizer.UnicodeTokens(claim);
        var lexical = new[]
        {
            window is null ? 0 : EvidenceWindows.Coverage(terms, window.Terms),
            EvidenceWindows.Coverage(terms, all),
            window is null || claimTokens.Count == 0 ? 0 : (double)RougeL.LongestCommonSubsequence(claimTokens, SquadNormalizer.UnicodeTokens(window.Text)) / claimTokens.Count,
            terms.Numbers.Count == 0 ? 0 : (double)terms.Numbers.Count(n => window is null || !window.Terms.Numbers.Contains(n)) / terms.Numbers.Count,
            window is not null && window.Terms.Negated != terms.Negated ? 1 : 0,
            Math.Log(1 + terms.Words.Count + terms.Numbers.Count),
        };
        if (embedder is null)
        {
            return (lexical, window);
        }
        var similarity = 0.0;
        if (window is not null)
        {
            var vectors = await embedder.GenerateAsync([claim, window.Text], cancellationToken: cancellationToken).ConfigureAwait(false);
            // FixedOrder, not TensorPrimitives: the score is recorded and calibrated, so it must not depend on the CPU's vector width.
            similarity = FixedOrder.Cosine(vectors[0].Vector.Span, vectors[1].Vector.Span);
        }
        return ([.. lexical, similarity], window);
    }
}
