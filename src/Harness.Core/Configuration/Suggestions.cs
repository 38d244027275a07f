namespace Harness.Core.Configuration;

/// <summary>Did-you-mean suggestions for unknown names, by edit distance (case-insensitive).</summary>
public static class Suggestions
{
    /// <summary>The closest candidate within a distance that still reads as a typo, or null; never the input itself, which would suggest nothing.</summary>
    public static string? Closest(string input, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates.Where(c => !string.Equals(c, input, StringComparison.Ordinal)))
        {
            var distance = Distance(input.ToUpperInvariant(), candidate.ToUpperInvariant());
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }
        // A third of the name (at least 2 edits) separates typos from different words.
        return best is not null && bestDistance <= Math.Max(2, input.Length / 3) ? best : null;
    }

    /// <summary>" - did you mean 'x'?" or, without a close candidate, the list of valid names.</summary>
    public static string Hint(string input, IEnumerable<string> candidates)
    {
        var names = candidates.ToArray();
        return Closest(input, names) is { } match
            ? $" - did you mean '{match}'?"
            : names.Length is > 0 and <= 12 ? $" - expected one of: {string.Join(", ", names)}" : "";
    }

    /// <summary>Optimal string alignment distance (Levenshtein plus adjacent transpositions).</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }
        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }
        return d[a.Length, b.Length];
    }
}
