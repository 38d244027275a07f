using System.Globalization;
using System.Text.RegularExpressions;

namespace Harness.Metrics.Answer;

/// <summary>
/// ROUGE-L (Lin 2004) as Google's rouge-score package computes it by default
/// (<c>RougeScorer(["rougeL"])</c>, no stemmer): the F-measure of precision LCS/|prediction| and
/// recall LCS/|reference|, where LCS is the longest common subsequence of tokens; tokens are the
/// lower-cased text split at every character other than ASCII a–z and 0–9 (so "don't" is "don", "t"
/// and "café" is "caf"). An empty prediction or reference scores 0; with several references the best
/// F-measure counts (rouge-score's <c>score_multi</c>).
/// </summary>
public static partial class RougeL
{
    public static double Score(string prediction, IReadOnlyList<string> references)
    {
        var predicted = Tokenize(prediction);
        return references.Max(reference => Score(predicted, Tokenize(reference)));
    }

    public static IReadOnlyList<string> Tokenize(string text) =>
        AsciiAlphanumeric().Matches(text.ToLower(CultureInfo.InvariantCulture)).Select(match => match.Value).ToArray();

    private static double Score(IReadOnlyList<string> predicted, IReadOnlyList<string> reference)
    {
        if (predicted.Count == 0 || reference.Count == 0)
        {
            return 0.0;
        }
        var lcs = LongestCommonSubsequence(predicted, reference);
        if (lcs == 0)
        {
            return 0.0;
        }
        var precision = (double)lcs / predicted.Count;
        var recall = (double)lcs / reference.Count;
        return 2 * precision * recall / (precision + recall);
    }

    public static int LongestCommonSubsequence(IReadOnlyList<string> first, IReadOnlyList<string> second)
    {
        // Two rows of the dynamic-programming table are enough for the length.
        var previous = new int[second.Count + 1];
        var current = new int[second.Count + 1];
        foreach (var token in first)
        {
            for (var j = 1; j <= second.Count; j++)
            {
                current[j] = token == second[j - 1]
                    ? previous[j - 1] + 1
                    : Math.Max(previous[j], current[j - 1]);
            }
            (previous, current) = (current, previous);
        }
        return previous[second.Count];
    }

    [GeneratedRegex("[a-z0-9]+")]
    private static partial Regex AsciiAlphanumeric();
}
