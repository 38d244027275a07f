using Harness.Core.Data;
using Harness.Core.Text;

namespace Harness.Metrics.Faithfulness;

/// <summary>A window of evidence a claim is matched against: one sentence, or two adjacent sentences, of a passage, with its terms.</summary>
public sealed record EvidenceWindow(string PassageId, string Text, Terms Terms);

/// <summary>
/// Cuts a context into <see cref="EvidenceWindow"/>s and finds the one that best covers a claim's
/// content terms (ties: the window that agrees on negation, then the shorter one). Shared by the
/// lexical and semantic scorers, so both judge a claim against the same window.
/// </summary>
public static class EvidenceWindows
{
    public static IEnumerable<EvidenceWindow> Of(IReadOnlyList<Passage> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var passage in context)
        {
            var sentences = SentenceSplitter.Split(passage.Text)
                .Select(sentence => (sentence, terms: TermExtractor.Extract(sentence)))
                .ToArray();
            for (var i = 0; i < sentences.Length; i++)
            {
                yield return new EvidenceWindow(passage.Id, sentences[i].sentence, sentences[i].terms);
                if (i + 1 < sentences.Length)
                {
                    var (next, nextTerms) = sentences[i + 1];
                    yield return new EvidenceWindow(passage.Id, sentences[i].sentence + " " + next, Union(sentences[i].terms, nextTerms));
                }
            }
        }
    }

    /// <summary>The window covering most of the claim's terms, or null when the context has no sentence.</summary>
    public static EvidenceWindow? Best(Terms claim, IReadOnlyList<Passage> context) =>
        Of(context)
            .Select(window => (window, coverage: Coverage(claim, window.Terms)))
            .OrderByDescending(candidate => candidate.coverage)
            .ThenBy(candidate => candidate.window.Terms.Negated != claim.Negated)
            .ThenBy(candidate => candidate.window.Text.Length)
            .Select(candidate => candidate.window)
            .FirstOrDefault();

    /// <summary>The share of the claim's content words and numbers that occur in the window (0 for a claim without terms).</summary>
    public static double Coverage(Terms claim, Terms window)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(window);
        var total = claim.Words.Count + claim.Numbers.Count;
        if (total == 0)
        {
            return 0;
        }
        var covered = claim.Words.Count(window.Words.Contains) + claim.Numbers.Count(window.Numbers.Contains);
        return (double)covered / total;
    }

    public static Terms Union(Terms first, Terms second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        return new(first.Words.Union(second.Words).ToHashSet(StringComparer.Ordinal),
            first.Numbers.Union(second.Numbers).ToHashSet(StringComparer.Ordinal),
            first.Negated || second.Negated);
    }
}
