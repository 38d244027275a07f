using System.Globalization;
using System.Text;

namespace Harness.Core.Text;

/// <summary>
/// SQuAD answer normalisation: lowercase, drop punctuation, drop the articles a/an/the, collapse
/// whitespace. Punctuation is every Unicode punctuation or symbol character, a superset of the
/// ASCII set the SQuAD script strips, and is removed without leaving a space ("U.S." becomes "us").
/// </summary>
public static class SquadNormalizer
{
    public static string Normalize(string text) => string.Join(' ', Tokens(text));

    public static IReadOnlyList<string> Tokens(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.ToLower(CultureInfo.InvariantCulture))
        {
            if (!char.IsPunctuation(c) && !char.IsSymbol(c))
            {
                builder.Append(c);
            }
        }
        return builder.ToString()
            .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Where(token => token is not ("a" or "an" or "the"))
            .ToArray();
    }
}
