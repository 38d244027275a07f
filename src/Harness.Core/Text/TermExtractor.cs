using System.Globalization;
using System.Text.RegularExpressions;

namespace Harness.Core.Text;

/// <summary>
/// The checkable content of a piece of text: stemmed content words, normalised numbers, and whether
/// it is negated. Used by the lexical support scorer and to tell a claim from filler.
/// </summary>
/// <param name="Words">Stemmed lower-case words that are neither stop words nor negations.</param>
/// <param name="Numbers">Numbers in a canonical form ("1,000" and "1000" meet; "3.50" becomes "3.5"; "two" becomes "2").</param>
/// <param name="Negated">True when the text contains a negation (not, no, never, n't, none, cannot, without…).</param>
public sealed record Terms(IReadOnlySet<string> Words, IReadOnlySet<string> Numbers, bool Negated)
{
    public bool IsEmpty => Words.Count == 0 && Numbers.Count == 0;
}

/// <summary>Extracts <see cref="Terms"/> from text.</summary>
public static partial class TermExtractor
{
    // "one" is left out: it is far more often a pronoun ("one of the causes") than a count.
    private static readonly Dictionary<string, string> NumberWords = new(StringComparer.Ordinal)
    {
        ["zero"] = "0", ["two"] = "2", ["three"] = "3", ["four"] = "4", ["five"] = "5", ["six"] = "6",
        ["seven"] = "7", ["eight"] = "8", ["nine"] = "9", ["ten"] = "10", ["eleven"] = "11", ["twelve"] = "12",
    };

    public static Terms Extract(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = new HashSet<string>(StringComparer.Ordinal);
        var numbers = new HashSet<string>(StringComparer.Ordinal);
        var negated = false;
        // Citation markers ("[3]", "[1, 2]") are references to sources, not numbers the claim states.
        foreach (Match match in TokenPattern().Matches(CitationMarkers.Pattern.Replace(text, " ")))
        {
            if (match.Groups["number"].Success)
            {
                numbers.Add(CanonicalNumber(match.Value));
                continue;
            }
            var word = match.Value.ToLower(CultureInfo.InvariantCulture);
            if (StopWords.IsNegation(word))
            {
                negated = true;
            }
            else if (NumberWords.TryGetValue(word, out var number))
            {
                numbers.Add(number);
            }
            else if (!StopWords.IsUncheckable(word))
            {
                var stem = LightStemmer.Stem(word);
                if (!StopWords.IsUncheckable(stem))
                {
                    words.Add(stem);
                }
            }
        }
        return new Terms(words, numbers, negated);
    }

    private static string CanonicalNumber(string number)
    {
        var plain = number.Replace(",", "", StringComparison.Ordinal);
        return decimal.TryParse(plain, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            ? value.ToString("G29", CultureInfo.InvariantCulture)
            : plain;
    }

    // Numbers with thousands separators or a decimal part, or words with inner apostrophes ("don't").
    [GeneratedRegex(@"(?<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)|\p{L}+(?:['’]\p{L}+)*")]
    private static partial Regex TokenPattern();
}
