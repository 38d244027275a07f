using System.Globalization;
using System.Text.RegularExpressions;

namespace Harness.Core.Text;

/// <summary>
/// The one reading of numbered citation markers in text: "[1]", "[1, 2]", "[1-3]" (also with an en dash),
/// "[ 2 ]" and "[1][2]". A marker is a reference to sources, not part of the claim, so the white space
/// before it goes with it ("blue [1]." strips to "blue.").
/// </summary>
public static partial class CitationMarkers
{
    // A context holds a few dozen passages at most; a wider range is a typo (or hostile) and cites its two ends.
    private const int MaxRangeWidth = 100;

    /// <summary>The marker, with the white space before it.</summary>
    public static Regex Pattern => Marker();

    /// <summary>The text without its citation markers, trimmed.</summary>
    public static string Strip(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Marker().Replace(text, "").Trim();
    }

    /// <summary>The numbers the markers cite, in order of first mention, each once; a range cites every number in it.</summary>
    public static IReadOnlyList<int> Numbers(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var numbers = new List<int>();
        foreach (Match match in Marker().Matches(text))
        {
            foreach (Match part in Part().Matches(match.Value))
            {
                var from = Number(part.Groups["from"].Value);
                var to = part.Groups["to"].Success ? Number(part.Groups["to"].Value) : from;
                var cited = to >= from && to - from <= MaxRangeWidth ? Enumerable.Range(from, to - from + 1) : [from, to];
                foreach (var n in cited)
                {
                    if (!numbers.Contains(n))
                    {
                        numbers.Add(n);
                    }
                }
            }
        }
        return numbers;
    }

    // int.MaxValue for a number too long for an int: it cites no passage either way.
    private static int Number(string digits) =>
        int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : int.MaxValue;

    [GeneratedRegex(@"\s*\[\s*\d+(?:\s*[,–-]\s*\d+)*\s*\]")]
    private static partial Regex Marker();

    // One number or range inside a marker; "[1, 2-4]" holds "1" and "2-4".
    [GeneratedRegex(@"(?<from>\d+)(?:\s*[–-]\s*(?<to>\d+))?")]
    private static partial Regex Part();
}
