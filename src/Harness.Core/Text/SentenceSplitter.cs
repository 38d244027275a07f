using System.Globalization;
using System.Text.RegularExpressions;

namespace Harness.Core.Text;

/// <summary>
/// Splits text into sentences, as character spans of the original text (so chunks keep exact
/// offsets) or as strings. A line break always ends a sentence (dataset passages and generated
/// answers put one paragraph or list item per line), and list markers ("- ", "* ", "1. ") at the
/// start of a line are left out. Within a line, a sentence ends at '.', '!', '?' or '…' (plus closing
/// quotes or brackets) followed by white space, except: decimals and dotted tokens inside words never
/// split ("3.5"); a period does not split after a title or Latin abbreviation ("Dr.", "vs.", "et al."),
/// a reference abbreviation before a number ("Fig. 3", "No. 5"), a dotted abbreviation ("U.S.",
/// "e.g."), a single-letter initial ("J. Smith") or an inline list number ("Steps: 1. Mix."), at the
/// price of joining "…in the U.S. Then…" into one sentence; a period or ellipsis followed by a
/// lower-case word does not split ("approx. five", "etc. and").
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

    public static IReadOnlyList<string> Split(string text) => Spans(text).Select(span => text[span.Start..span.End]).ToArray();

    /// <summary>Each sentence as [Start, End) offsets into <paramref name="text"/>, without surrounding white space.</summary>
    public static IReadOnlyList<(int Start, int End)> Spans(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var spans = new List<(int Start, int End)>();
        var lineStart = 0;
        while (lineStart <= text.Length)
        {
            var lineEnd = text.AsSpan(lineStart).IndexOfAny('\n', '\r');
            lineEnd = lineEnd < 0 ? text.Length : lineStart + lineEnd;
            var line = text[lineStart..lineEnd];
            var bullet = BulletPattern().Match(line.TrimStart());
            var contentStart = lineStart + (line.Length - line.TrimStart().Length) + (bullet.Success ? bullet.Length : 0);
            SplitLine(text, contentStart, lineEnd, spans);
            lineStart = lineEnd + 1;
        }
        return spans;
    }

    private static void SplitLine(string text, int from, int to, List<(int Start, int End)> spans)
    {
        var line = text[from..to];
        var start = 0;
        foreach (Match end in TerminatorPattern().Matches(line))
        {
            var boundary = end.Index + end.Length;
            if (IsBoundary(line, end, boundary))
            {
                AddSentence(line, start, boundary, from, spans);
                start = boundary;
            }
        }
        AddSentence(line, start, line.Length, from, spans);
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

    private static void AddSentence(string line, int start, int end, int offset, List<(int Start, int End)> spans)
    {
        while (start < end && char.IsWhiteSpace(line[start]))
        {
            start++;
        }
        while (end > start && char.IsWhiteSpace(line[end - 1]))
        {
            end--;
        }
        if (end > start)
        {
            spans.Add((offset + start, offset + end));
        }
    }

    // A terminator run ("?!", "...") with any closing quotes or brackets, followed by white space or the end.
    [GeneratedRegex(@"(?<terminator>\.{3}|…|[.!?]+)[""'”’)\]]*(?=\s|$)")]
    private static partial Regex TerminatorPattern();

    [GeneratedRegex(@"^(?:[-*•‣◦]|\(?\d{1,2}[.)])\s+")]
    private static partial Regex BulletPattern();
}
