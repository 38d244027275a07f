using System.Text.RegularExpressions;

namespace Harness.Retrieval.Text;

/// <summary>Lower-cased letter/digit runs: the terms BM25 queries and the LSA embedder share.</summary>
internal static partial class Terms
{
    public static IEnumerable<string> Of(string text)
    {
        foreach (Match match in WordPattern().Matches(text))
        {
            yield return match.Value.ToLowerInvariant();
        }
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+", RegexOptions.CultureInvariant)]
    private static partial Regex WordPattern();
}
