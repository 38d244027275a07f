using System.Text;

namespace Harness.Core.Text;

/// <summary>
/// The answer normalisation of the SQuAD v1.1 evaluation script (<c>normalize_answer</c>), step for step:
/// lower-case; remove ASCII punctuation (Python's <c>string.punctuation</c>) without leaving a space
/// ("U.S." becomes "us"); replace each article a/an/the that is a whole word (the script's regex
/// <c>\b(a|an|the)\b</c>, words being Python's Unicode letters, numbers and '_') with a space; split at
/// Python's white space. Other punctuation and symbols (’ ™ « –) stay in their words, as in the script.
/// Lower-casing is .NET's invariant simple mapping, which differs from Python's <c>str.lower</c> only
/// for İ (U+0130; Python: "i̇") and a word-final Σ (Python: ς).
/// </summary>
public static class SquadNormalizer
{
    // Python's string.punctuation.
    private const string AsciiPunctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    // What Python's str.split() splits at (str.isspace): .NET's white space and U+001C–U+001F.
    private static readonly char[] _pythonWhiteSpace =
    [
        '\t', '\n', '\v', '\f', '\r', '\u001c', '\u001d', '\u001e', '\u001f', ' ', '\u0085', '\u00a0', '\u1680',
        '\u2000', '\u2001', '\u2002', '\u2003', '\u2004', '\u2005', '\u2006', '\u2007', '\u2008', '\u2009', '\u200a',
        '\u2028', '\u2029', '\u202f', '\u205f', '\u3000',
    ];

    public static string Normalize(string text) => string.Join(' ', Tokens(text));

    /// <summary>The words of the normalised text, as the SQuAD script's F1 splits it.</summary>
    public static IReadOnlyList<string> Tokens(string text) => Tokens(text, c => AsciiPunctuation.Contains(c, StringComparison.Ordinal));

    /// <summary>
    /// As <see cref="Tokens(string)"/>, but every Unicode punctuation and symbol character is removed
    /// ("it’s" and "it's" both become "its"). Not a SQuAD score: the semantic faithfulness scorer's
    /// word-order feature was fitted on these tokens, and keeps them.
    /// </summary>
    public static IReadOnlyList<string> UnicodeTokens(string text) => Tokens(text, c => char.IsPunctuation(c) || char.IsSymbol(c));

    private static string[] Tokens(string text, Func<char, bool> isPunctuation)
    {
        ArgumentNullException.ThrowIfNull(text);
        var stripped = new StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant())
        {
            if (!isPunctuation(c))
            {
                stripped.Append(c);
            }
        }
        return WithoutArticles(stripped.ToString()).Split(_pythonWhiteSpace, StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>
    /// re.sub(r'\b(a|an|the)\b', ' ', text): a match starts and ends at word boundaries, so it is a whole
    /// run of word characters, and only that run is replaced ("the’s" becomes " ’s").
    /// </summary>
    private static string WithoutArticles(string text)
    {
        var result = new StringBuilder(text.Length);
        var word = new StringBuilder();
        for (var index = 0; index < text.Length;)
        {
            // A lone surrogate decodes as U+FFFD, a symbol: not a word character.
            Rune.DecodeFromUtf16(text.AsSpan(index), out var rune, out var length);
            if (Rune.IsLetter(rune) || Rune.IsNumber(rune) || rune.Value == '_')
            {
                word.Append(text, index, length);
            }
            else
            {
                EndWord();
                result.Append(text, index, length);
            }
            index += length;
        }
        EndWord();
        return result.ToString();

        void EndWord()
        {
            result.Append(word.ToString() is "a" or "an" or "the" ? " " : word.ToString());
            word.Clear();
        }
    }
}
