using System.Text;
using System.Text.RegularExpressions;

namespace Harness.Metrics.Answer;

/// <summary>
/// BLEU as sacreBLEU 2.x computes it with its defaults (Post 2018; Papineni et al. 2002), on a 0–1
/// scale (sacreBLEU's score / 100): 13a tokenisation (mteval-v13a), case kept, n-grams up to 4 with
/// uniform weights, counts clipped by their largest count in any one reference, the brevity penalty
/// from the reference length closest to the prediction's (the shorter on a tie), and "exp" smoothing:
/// the k-th order with no match gets precision 1 / (2^k · total) instead of 0. No match at any order
/// scores 0.
/// <para>
/// <see cref="Sentence"/> is sacreBLEU's <c>sentence_bleu</c> (effective order: orders the prediction
/// is too short to have are left out of the mean); <see cref="Corpus"/> is its <c>corpus_bleu</c>
/// (sums the statistics of all cases first; no effective order).
/// </para>
/// </summary>
public static partial class Bleu
{
    public const int MaxOrder = 4;

    public static double Sentence(string prediction, IReadOnlyList<string> references) =>
        Score(Statistics(prediction, references), effectiveOrder: true);

    public static double Corpus(IEnumerable<BleuStatistics> cases) =>
        Score(BleuStatistics.Sum(cases), effectiveOrder: false);

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

    /// <summary>
    /// sacreBLEU's 13a tokeniser: drop "&lt;skipped&gt;", join "-" line breaks, unescape four HTML
    /// entities, then split off ASCII symbols and punctuation, periods and commas unless between
    /// digits, and a dash after a digit; tokens are what remains between spaces. Case is kept.
    /// </summary>
    public static IReadOnlyList<string> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var line = new StringBuilder(text)
            .Replace("<skipped>", "")
            .Replace("-\n", "")
            .Replace("\n", " ")
            .Replace("&quot;", "\"")
            .Replace("&amp;", "&")
            .Replace("&lt;", "<")
            .Replace("&gt;", ">")
            .ToString();
        line = Symbols().Replace(" " + line + " ", " $1 ");
        line = PeriodOrCommaAfterNonDigit().Replace(line, "$1 $2 ");
        line = PeriodOrCommaBeforeNonDigit().Replace(line, " $1 $2");
        line = DashAfterDigit().Replace(line, "$1 $2 ");
        return line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
    }

    private static double Score(BleuStatistics statistics, bool effectiveOrder)
    {
        if (statistics.Matches.All(m => m == 0))
        {
            return 0.0;
        }
        var logPrecisions = new double[MaxOrder];
        var order = MaxOrder;
        var smoothing = 1.0;
        for (var n = 1; n <= MaxOrder; n++)
        {
            var total = statistics.Totals[n - 1];
            if (total == 0)
            {
                // Without effective order the missing precision stays 0, and the score with it.
                logPrecisions[n - 1] = double.NegativeInfinity;
                break;
            }
            if (effectiveOrder)
            {
                order = n;
            }
            var matches = statistics.Matches[n - 1];
            if (matches == 0)
            {
                smoothing *= 2;
                logPrecisions[n - 1] = -Math.Log(smoothing * total);
            }
            else
            {
                logPrecisions[n - 1] = Math.Log((double)matches / total);
            }
        }
        var meanLog = logPrecisions.Take(order).Sum() / order;
        return double.IsNegativeInfinity(meanLog) ? 0.0 : BrevityPenalty(statistics) * Math.Exp(meanLog);
    }

    private static double BrevityPenalty(BleuStatistics statistics) =>
        statistics.PredictionLength == 0 ? 0.0
        : statistics.PredictionLength >= statistics.ReferenceLength ? 1.0
        : Math.Exp(1.0 - ((double)statistics.ReferenceLength / statistics.PredictionLength));

    private static Dictionary<string, int> NGramCounts(IReadOnlyList<string> tokens, int n)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i + n <= tokens.Count; i++)
        {
            // A space cannot occur inside a 13a token, so joined n-grams never collide.
            var gram = string.Join(' ', tokens.Skip(i).Take(n));
            counts[gram] = counts.GetValueOrDefault(gram) + 1;
        }
        return counts;
    }

    // ASCII { | } ~, [ \ ] ^ _ `, space ! " # $ % &, ( ) * +, : ; < = > ? @ and /: mteval-v13a's symbol class.
    [GeneratedRegex(@"([\x7B-\x7E\x5B-\x60\x20-\x26\x28-\x2B\x3A-\x40/])")]
    private static partial Regex Symbols();

    [GeneratedRegex(@"([^0-9])([.,])")]
    private static partial Regex PeriodOrCommaAfterNonDigit();

    [GeneratedRegex(@"([.,])([^0-9])")]
    private static partial Regex PeriodOrCommaBeforeNonDigit();

    [GeneratedRegex(@"([0-9])(-)")]
    private static partial Regex DashAfterDigit();
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
