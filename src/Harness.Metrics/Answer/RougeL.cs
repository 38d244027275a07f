using Harness.Metrics.Text;

namespace Harness.Metrics.Answer;

/// <summary>
/// ROUGE-L: the F1 (β = 1) of precision LCS/|prediction| and recall LCS/|reference|, where LCS is
/// the longest common subsequence of <see cref="SquadNormalizer"/> tokens; the maximum over the
/// references. An empty prediction or reference scores 1 when both are empty, else 0.
/// </summary>
public static class RougeL
{
    public static double Score(string prediction, IReadOnlyList<string> references)
    {
        var predicted = SquadNormalizer.Tokens(prediction);
        return references.Max(reference => Score(predicted, SquadNormalizer.Tokens(reference)));
    }

    private static double Score(IReadOnlyList<string> predicted, IReadOnlyList<string> reference)
    {
        if (predicted.Count == 0 || reference.Count == 0)
        {
            return predicted.Count == reference.Count ? 1.0 : 0.0;
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
}
