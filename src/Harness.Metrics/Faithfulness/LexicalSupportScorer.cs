using System.Globalization;
using Harness.Core.Data;
using Harness.Core.Text;

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

    public string Identity => string.Create(CultureInfo.InvariantCulture, $"lexical:v1:threshold={Threshold:0.00}");

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
        var best = EvidenceWindows.Best(claimTerms, context);
        if (best is null)
        {
            return SupportVerdict.Unsupported(0, "the context is empty");
        }
        return Judge(claimTerms, best) with { EvidenceId = best.PassageId, Evidence = best.Text };
    }

    private SupportVerdict Judge(Terms claimTerms, EvidenceWindow best)
    {
        var coverage = EvidenceWindows.Coverage(claimTerms, best.Terms);
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

    private static string Format(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Quote(string text) =>
        text.Length <= QuotedSentenceLength ? text : text[..QuotedSentenceLength] + "…";
}
