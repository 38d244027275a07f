using System.Globalization;
using System.Text.RegularExpressions;

namespace Harness.Metrics.Text;

/// <summary>
/// Splits text into sentences. A sentence ends at '.', '!', '?' or '…' (plus closing quotes or
/// brackets) followed by white space, except: decimals and dotted tokens inside words never split
/// ("3.5"); a period does not split after a title or Latin abbreviation ("Dr.", "vs."), a reference
/// abbreviation before a number ("Fig. 3", "No. 5"), a dotted abbreviation ("U.S.", "e.g."), a
/// single-letter initial ("J. Smith") or an inline list number ("Steps: 1. Mix."), at the price of
/// joining "…in the U.S. Then…" into one sentence; a period or ellipsis followed by a lower-case
/// word does not split ("approx. five", "etc. and"). Blank lines and list items ("- ", "* ", "1. ")
/// always start a new sentence, and their bullet markers are removed.
/// </summary>
public static partial class SentenceSplitter
{
    // Abbreviations that are followed by more of the same sentence even before a capital.
    private static readonly HashSet<string> NonTerminalAbbreviations = new(StringComparer.Ordinal)
    {
        "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "gen", "col", "capt", "lt", "sgt", "rev", "hon",
        "vs", "cf", "approx", "al", "inc", "ltd", "corp", "dept", "univ",
    };

    // Abbreviations that only continue the sentence before a number ("No. 5", "Fig. 3", "Jan. 2020"):
    // "The answer is no. It…" and "…modern art. It…" end their sentences.
    private static readonly HashSet<string> NumberedAbbreviations = new(StringComparer.Ordinal)
    {
        "no", "nos", "fig", "figs", "eq", "ref", "refs", "vol", "vols", "pp", "ch", "sec", "art", "para", "ca", "est",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    };

    public static IReadOnlyList<string> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sentences = new List<string>();
        foreach (var block in Blocks(text))
        {
            SplitBlock(block, sentences);
        }
        return sentences;
    }

    // Blocks are separated by blank lines or start at a list item; inside a block, line breaks are spaces.
    private static IEnumerable<string> Blocks(string text)
    {
        var current = new List<string>();
        foreach (var rawLine in text.ReplaceLineEndings("\n").Split('\n'))
        {
            var line = rawLine.Trim();
            var bullet = BulletPattern().Match(line);
            if (line.Length == 0 || bullet.Success)
            {
                if (current.Count > 0)
                {
                    yield return string.Join(' ', current);
                    current.Clear();
                }
                if (bullet.Success)
                {
                    line = line[bullet.Length..];
                }
            }
            if (line.Length > 0)
            {
                current.Add(line);
            }
        }
        if (current.Count > 0)
        {
            yield return string.Join(' ', current);
        }
    }

    private static void SplitBlock(string block, List<string> sentences)
    {
        var start = 0;
        foreach (Match end in TerminatorPattern().Matches(block))
        {
            var boundary = end.Index + end.Length;
            if (IsBoundary(block, end, boundary))
            {
                AddSentence(block[start..boundary], sentences);
                start = boundary;
            }
        }
        AddSentence(block[start..], sentences);
    }

    private static bool IsBoundary(string block, Match end, int boundary)
    {
        var next = NextNonSpace(block, boundary);
        if (next is null)
        {
            return true;
        }
        var terminator = end.Groups["terminator"].Value;
        if (terminator.Contains('!', StringComparison.Ordinal) || terminator.Contains('?', StringComparison.Ordinal))
        {
            return true;
        }
        if (char.IsLower(next.Value))
        {
            return false;
        }
        if (terminator != ".")
        {
            return true;
        }
        var word = WordBefore(block, end.Index);
        return !(NonTerminalAbbreviations.Contains(word)
            || (NumberedAbbreviations.Contains(word) && char.IsDigit(next.Value))
            || (word.Length == 1 && char.IsLetter(word[0]))
            || word.Contains('.', StringComparison.Ordinal)
            || IsInlineListNumber(block, word, end.Index));
    }

    // "Steps: 1. Mix. 2. Heat." numbers items inline: "1." after a colon or a sentence end is not an end.
    private static bool IsInlineListNumber(string block, string word, int periodIndex)
    {
        if (word.Length is 0 or > 2 || !word.All(char.IsAsciiDigit))
        {
            return false;
        }
        var before = block[..(periodIndex - word.Length)].TrimEnd();
        return before.Length == 0 || before[^1] is ':' or '.' or '!' or '?' or ';';
    }

    private static char? NextNonSpace(string block, int index)
    {
        for (var i = index; i < block.Length; i++)
        {
            if (!char.IsWhiteSpace(block[i]))
            {
                return block[i];
            }
        }
        return null;
    }

    // The lower-cased token that ends at a period, inner periods included ("e.g", "u.s").
    private static string WordBefore(string block, int periodIndex)
    {
        var start = periodIndex;
        while (start > 0 && (char.IsLetterOrDigit(block[start - 1]) || block[start - 1] == '.'))
        {
            start--;
        }
        return block[start..periodIndex].ToLower(CultureInfo.InvariantCulture);
    }

    private static void AddSentence(string candidate, List<string> sentences)
    {
        var sentence = candidate.Trim();
        if (sentence.Length > 0)
        {
            sentences.Add(sentence);
        }
    }

    // A terminator run ("?!", "...") with any closing quotes or brackets, followed by white space or the end.
    [GeneratedRegex(@"(?<terminator>\.{3}|…|[.!?]+)[""'”’)\]]*(?=\s|$)")]
    private static partial Regex TerminatorPattern();

    [GeneratedRegex(@"^(?:[-*•‣◦]|\(?\d{1,2}[.)])\s+")]
    private static partial Regex BulletPattern();
}
