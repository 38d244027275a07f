using System.Globalization;
using System.Text.RegularExpressions;

namespace Harness.Metrics.Traceability;

/// <summary>
/// Citations of numbered passages in generated text: "[1]", "[2, 3]" and "[1][2]" cite passages 1, 2
/// and 3 of the prompt's context, numbered from 1 in the order the prompt lists them.
/// </summary>
public static partial class Citations
{
    /// <summary>The passage numbers a piece of text cites, in order of first mention, each once.</summary>
    public static IReadOnlyList<int> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var numbers = new List<int>();
        foreach (Match match in Marker().Matches(text))
        {
            foreach (var part in match.Groups[1].Value.Split(','))
            {
                if (int.TryParse(part.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && !numbers.Contains(n))
                {
                    numbers.Add(n);
                }
            }
        }
        return numbers;
    }

    /// <summary>The text without its citation markers, so a support scorer judges the claim alone.</summary>
    public static string Strip(string text) => Marker().Replace(text, "").Trim();

    [GeneratedRegex(@"\[\s*(\d+(?:\s*,\s*\d+)*)\s*\]")]
    private static partial Regex Marker();
}
