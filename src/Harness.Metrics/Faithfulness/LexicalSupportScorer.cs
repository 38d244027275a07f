using System.Globalization;
using Harness.Core.Data;
using Harness.Metrics.Text;

namespace Harness.Metrics.Faithfulness;

/// <summary>
/// Deterministic support without a model: a claim is supported when the best-matching window of the
/// context (one sentence, or two adjacent sentences of a passage) covers at least
/// <see cref="Threshold"/> of the claim's content terms (stemmed content words and numbers), every
/// number of the claim occurs in that window, and the window and the claim agree on negation.
/// The score is the coverage, halved on a negation mismatch.
/// <para>
/// What it detects: invented entities, terms and details (low coverage); changed or invented
/// numbers, dates and counts; a claim that negates its source or is negated by it ("X does not
/// cause Y" against "X causes Y").
/// What it cannot detect: paraphrase with different words or synonyms (a supported claim scored
/// unsupported); a claim built from the right words in a wrong relation ("Y causes X" against "X
/// causes Y"), wrong quantifiers or hedging ("all", "may") — scored supported; support spread over
/// more than two sentences; negation scoped over a different part of the sentence; inference that
/// needs world knowledge. Use the LLM judge where these matter, and read its calibration.
/// </para>
/// </summary>
public sealed class LexicalSupportScorer : ISupportScorer
{
    public const double DefaultThreshold = 0.7;

    private const int QuotedSentenceLength = 100;

    public LexicalSupportScorer(double threshold = DefaultThreshold)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threshold);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(threshold, 1.0);
        Threshold = threshold;
    }

    public string Name => "lexical";

    /// <summary>The share of the claim's content terms a context window must cover (0 &lt; threshold ≤ 1).</summary>
    public double Threshold { get; }

    public ValueTask<SupportVerdict> ScoreAsync(string claim, IReadOnlyList<Passage> context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(context);
        return ValueTask.FromResult(Score(claim, context));
    }

    private SupportVerdict Score(string claim, IReadOnlyList<Passage> context)
    {
        var claimTerms = TermExtractor.Extract(claim);
        if (claimTerms.IsEmpty)
        {
            return SupportVerdict.Unsupported(0, "the claim has no content words to check");
        }
        var best = Windows(context)
            .Select(window => (window, coverage: Coverage(claimTerms, window.Terms)))
            .OrderByDescending(candidate => candidate.coverage)
            .ThenBy(candidate => candidate.window.Terms.Negated != claimTerms.Negated)
            .ThenBy(candidate => candidate.window.Text.Length)
            .Select(candidate => (Window?)candidate.window)
            .FirstOrDefault();
        if (best is null)
        {
            return SupportVerdict.Unsupported(0, "the context is empty");
        }
        return Judge(claimTerms, best) with { EvidenceId = best.PassageId, Evidence = best.Text };
    }

    private SupportVerdict Judge(Terms claimTerms, Window best)
    {
        var coverage = Coverage(claimTerms, best.Terms);
        var where = $"best match in {best.PassageId}: \"{Quote(best.Text)}\"";
        if (coverage < Threshold)
        {
            var missing = claimTerms.Words.Except(best.Terms.Words).Concat(claimTerms.Numbers.Except(best.Terms.Numbers));
            return SupportVerdict.Unsupported(coverage, $"coverage {Format(coverage)} < {Format(Threshold)}, missing {string.Join(", ", missing)}; {where}");
        }
        var missingNumbers = claimTerms.Numbers.Except(best.Terms.Numbers).ToArray();
        if (missingNumbers.Length > 0)
        {
            return SupportVerdict.Unsupported(coverage, $"number {string.Join(", ", missingNumbers)} not in the context; {where}");
        }
        if (claimTerms.Negated != best.Terms.Negated)
        {
            var which = claimTerms.Negated ? "the claim is negated and the context is not" : "the context is negated and the claim is not";
            return SupportVerdict.Unsupported(coverage / 2, $"negation mismatch: {which}; {where}");
        }
        return SupportVerdict.Supported(coverage, $"coverage {Format(coverage)}; {where}");
    }

    private static double Coverage(Terms claim, Terms window)
    {
        var covered = claim.Words.Count(window.Words.Contains) + claim.Numbers.Count(window.Numbers.Contains);
        return (double)covered / (claim.Words.Count + claim.Numbers.Count);
    }

    private static IEnumerable<Window> Windows(IReadOnlyList<Passage> context)
    {
        foreach (var passage in context)
        {
            var sentences = SentenceSplitter.Split(passage.Text)
                .Select(sentence => (sentence, terms: TermExtractor.Extract(sentence)))
                .ToArray();
            for (var i = 0; i < sentences.Length; i++)
            {
                yield return new Window(passage.Id, sentences[i].sentence, sentences[i].terms);
                if (i + 1 < sentences.Length)
                {
                    var (next, nextTerms) = sentences[i + 1];
                    yield return new Window(passage.Id, sentences[i].sentence + " " + next, Union(sentences[i].terms, nextTerms));
                }
            }
        }
    }

    private static Terms Union(Terms first, Terms second) =>
        new(first.Words.Union(second.Words).ToHashSet(StringComparer.Ordinal),
            first.Numbers.Union(second.Numbers).ToHashSet(StringComparer.Ordinal),
            first.Negated || second.Negated);

    private static string Format(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Quote(string text) =>
        text.Length <= QuotedSentenceLength ? text : text[..QuotedSentenceLength] + "…";

    private sealed record Window(string PassageId, string Text, Terms Terms);
}
