using System.Text.RegularExpressions;

namespace Harness.Core.Text;

/// <summary>
/// Lower-cased letter/digit runs: the terms BM25 queries and the LSA embedder share. They split text
/// where SQLite FTS5's unicode61 tokenizer does (at apostrophes, commas and periods too), so a query
/// term always matches an index term; <see cref="TermExtractor"/> keeps "don't" and "1,000" whole instead.
/// </summary>
public static partial class WordTokens
{
    public static IEnumerable<string> Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (Match match in WordPattern().Matches(text))
        {
            yield return match.Value.ToLowerInvariant();
        }
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+", RegexOptions.CultureInvariant)]
    private static partial Regex WordPattern();
}
