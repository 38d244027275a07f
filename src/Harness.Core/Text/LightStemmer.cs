namespace Harness.Core.Text;

/// <summary>
/// A light English suffix stripper (plural -s/-es/-ies, -ing, -ed, adverb -ly, final -e), so that
/// "increases", "increased" and "increasing" meet at "increas". It is deliberately weaker than
/// Porter's algorithm: it never merges words with different roots, at the price of missing
/// derivations ("treatment" and "treat" stay apart). Input is expected in lower case.
/// </summary>
public static class LightStemmer
{
    // Only adverb endings whose -ly is certainly a suffix: "apply", "family" and "assembly" keep theirs.
    private static readonly string[] AdverbEndings = ["ally", "ently", "antly", "ously", "ively", "fully", "ately"];

    public static string Stem(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        var stem = StripPossessive(word);
        stem = StripInflection(stem);
        if (stem.Length > 6 && AdverbEndings.Any(ending => stem.EndsWith(ending, StringComparison.Ordinal)))
        {
            stem = stem[..^2];
        }
        if (stem.Length > 3 && stem[^1] == 'e')
        {
            stem = stem[..^1];
        }
        return stem;
    }

    private static string StripPossessive(string word) =>
        word.EndsWith("'s", StringComparison.Ordinal) || word.EndsWith("’s", StringComparison.Ordinal)
            ? word[..^2]
            : word;

    private static string StripInflection(string word)
    {
        if (word.Length > 4 && (word.EndsWith("ies", StringComparison.Ordinal) || word.EndsWith("ied", StringComparison.Ordinal)))
        {
            return word[..^3] + "y";
        }
        if (word.EndsWith("sses", StringComparison.Ordinal))
        {
            return word[..^2];
        }
        if (word.Length > 4 && word.EndsWith("es", StringComparison.Ordinal) && EndsWithSibilant(word[..^2]))
        {
            return word[..^2];
        }
        if (word.Length > 3 && word[^1] == 's' && word[^2] is not ('s' or 'u' or 'i'))
        {
            return word[..^1];
        }
        if (word.Length > 5 && word.EndsWith("ing", StringComparison.Ordinal) && HasVowel(word[..^3]))
        {
            return Undouble(word[..^3]);
        }
        // "-eed" is usually part of the root ("need", "speed", "indeed").
        if (word.Length > 4 && word.EndsWith("ed", StringComparison.Ordinal) && !word.EndsWith("eed", StringComparison.Ordinal)
            && HasVowel(word[..^2]))
        {
            return Undouble(word[..^2]);
        }
        return word;
    }

    private static bool EndsWithSibilant(string stem) =>
        stem.EndsWith('s') || stem.EndsWith('x') || stem.EndsWith('z')
        || stem.EndsWith("ch", StringComparison.Ordinal) || stem.EndsWith("sh", StringComparison.Ordinal);

    private static bool HasVowel(string stem) => stem.AsSpan().IndexOfAny("aeiouy") >= 0;

    // "stopped" -> "stopp" -> "stop"; l, s and z are kept doubled ("called", "passed", "buzzed").
    private static string Undouble(string stem) =>
        stem.Length > 2 && stem[^1] == stem[^2] && stem[^1] is not ('l' or 's' or 'z') && !HasVowel(stem[^1].ToString())
            ? stem[..^1]
            : stem;
}
