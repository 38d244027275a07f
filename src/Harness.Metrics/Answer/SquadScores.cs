using Harness.Core.Text;

namespace Harness.Metrics.Answer;

/// <summary>
/// SQuAD exact match and token F1 on <see cref="SquadNormalizer"/> tokens (only ASCII punctuation
/// removed), as the official SQuAD v1.1 script computes them: the maximum over the references; when the
/// prediction or a reference has no tokens left after normalisation, F1 is 1 if both are empty and 0 otherwise.
/// </summary>
public static class SquadScores
{
    public static double ExactMatch(string prediction, IReadOnlyList<string> references)
    {
        var normalized = SquadNormalizer.Normalize(prediction);
        return references.Any(reference => SquadNormalizer.Normalize(reference) == normalized) ? 1.0 : 0.0;
    }

    public static double TokenF1(string prediction, IReadOnlyList<string> references)
    {
        var predicted = SquadNormalizer.Tokens(prediction);
        return references.Max(reference => TokenF1(predicted, SquadNormalizer.Tokens(reference)));
    }

    private static double TokenF1(IReadOnlyList<string> predicted, IReadOnlyList<string> reference)
    {
        if (predicted.Count == 0 || reference.Count == 0)
        {
            return predicted.Count == reference.Count ? 1.0 : 0.0;
        }
        // Common tokens counted as a multiset intersection.
        var available = reference.CountBy(token => token).ToDictionary(StringComparer.Ordinal);
        var common = 0;
        foreach (var token in predicted)
        {
            if (available.TryGetValue(token, out var count) && count > 0)
            {
                available[token] = count - 1;
                common++;
            }
        }
        if (common == 0)
        {
            return 0.0;
        }
        var precision = (double)common / predicted.Count;
        var recall = (double)common / reference.Count;
        return 2 * precision * recall / (precision + recall);
    }
}
