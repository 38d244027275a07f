using System.Globalization;
using System.Text.RegularExpressions;

namespace Harness.Metrics.Answer;

/// <summary>
/// BLEU up to 4-grams with uniform weights, on lower-cased tokens where punctuation marks are tokens
/// of their own (close to sacreBLEU's 13a tokenisation). Counts of a prediction n-gram are clipped by
/// its largest count in any one reference; the brevity penalty uses the reference length closest to
/// the prediction's (the shorter on a tie).
/// <para>
/// Sentence BLEU (per case) is smoothed as Lin &amp; Och (2004) do, "add-one" for n &gt; 1:
/// p_n = (matches_n + 1) / (total_n + 1) for n = 2..4, unsmoothed p_1 (no unigram match scores 0).
/// Corpus BLEU sums the clipped matches, n-gram totals and lengths over all cases first and is not
/// smoothed, as Papineni et al. (2002) define it.
/// </para>
/// </summary>
public static partial class Bleu
{
    public const int MaxOrder = 4;

    public static double Sentence(string prediction, IReadOnlyList<string> references)
    {
        var statistics = Statistics(prediction, references);
        if (statistics.Totals[0] == 0 || statistics.Matches[0] == 0)
        {
            return 0.0;
        }
        var logPrecision = Math.Log((double)statistics.Matches[0] / statistics.Totals[0]);
        for (var n = 1; n < MaxOrder; n++)
        {
            logPrecision += Math.Log((statistics.Matches[n] + 1.0) / (statistics.Totals[n] + 1.0));
        }
        return BrevityPenalty(statistics) * Math.Exp(logPrecision / MaxOrder);
    }

    public static double Corpus(IEnumerable<BleuStatistics> cases)
    {
        var total = BleuStatistics.Sum(cases);
        var logPrecision = 0.0;
        for (var n = 0; n < MaxOrder; n++)
        {
            if (total.Matches[n] == 0)
            {
                return 0.0;
            }
            logPrecision += Math.Log((double)total.Matches[n] / total.Totals[n]);
        }
        return BrevityPenalty(total) * Math.Exp(logPrecision / MaxOrder);
    }

    /// <summary>The sufficient statistics of one case; corpus BLEU is a function of their sum.</summary>
    public static BleuStatistics Statistics(string prediction, IReadOnlyList<string> references)
    {
        ArgumentOutOfRangeException.ThrowIfZero(references.Count);
        var predicted = Tokenize(prediction);
        var referenceTokens = references.Select(Tokenize).ToArray();
        var matches = new int[MaxOrder];
        var totals = new int[MaxOrder];
        for (var n = 1; n <= MaxOrder; n++)
        {
            var maxReferenceCounts = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var reference in referenceTokens)
            {
                foreach (var (gram, count) in NGramCounts(reference, n))
                {
                    maxReferenceCounts[gram] = Math.Max(count, maxReferenceCounts.GetValueOrDefault(gram));
                }
            }
            foreach (var (gram, count) in NGramCounts(predicted, n))
            {
                matches[n - 1] += Math.Min(count, maxReferenceCounts.GetValueOrDefault(gram));
                totals[n - 1] += count;
            }
        }
        var closestReferenceLength = referenceTokens
            .Select(reference => reference.Count)
            .OrderBy(length => Math.Abs(length - predicted.Count))
            .ThenBy(length => length)
            .First();
        return new BleuStatistics(matches, totals, predicted.Count, closestReferenceLength);
    }

    public static IReadOnlyList<string> Tokenize(string text) =>
        TokenPattern().Matches(text.ToLower(CultureInfo.InvariantCulture)).Select(match => match.Value).ToArray();

    private static double BrevityPenalty(BleuStatistics statistics) =>
        statistics.PredictionLength == 0 ? 0.0
        : statistics.PredictionLength > statistics.ReferenceLength ? 1.0
        : Math.Exp(1.0 - ((double)statistics.ReferenceLength / statistics.PredictionLength));

    private static Dictionary<string, int> NGramCounts(IReadOnlyList<string> tokens, int n)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i + n <= tokens.Count; i++)
        {
            // U+0001 cannot occur inside a token, so joined n-grams never collide.
            var gram = string.Join('\u0001', tokens.Skip(i).Take(n));
            counts[gram] = counts.GetValueOrDefault(gram) + 1;
        }
        return counts;
    }

    // Words (with inner periods or commas of numbers such as "3.5" or "1,000") or single punctuation marks.
    [GeneratedRegex(@"[\p{L}\p{N}]+(?:[.,][\p{N}]+)*|[^\p{L}\p{N}\s]")]
    private static partial Regex TokenPattern();
}

/// <summary>Clipped n-gram matches and n-gram totals (index 0 = unigrams) and the lengths BLEU needs.</summary>
public sealed record BleuStatistics(IReadOnlyList<int> Matches, IReadOnlyList<int> Totals, int PredictionLength, int ReferenceLength)
{
    public static BleuStatistics Sum(IEnumerable<BleuStatistics> cases)
    {
        var matches = new int[Bleu.MaxOrder];
        var totals = new int[Bleu.MaxOrder];
        int predictionLength = 0, referenceLength = 0;
        foreach (var statistics in cases)
        {
            for (var n = 0; n < Bleu.MaxOrder; n++)
            {
                matches[n] += statistics.Matches[n];
                totals[n] += statistics.Totals[n];
            }
            predictionLength += statistics.PredictionLength;
            referenceLength += statistics.ReferenceLength;
        }
        return new BleuStatistics(matches, totals, predictionLength, referenceLength);
    }
}
