using System.Text.RegularExpressions;
using Harness.Core.Text;

namespace Harness.Metrics.Faithfulness;

/// <summary>
/// The claims of an answer: its sentences, minus abstentions ("I don't know", "The context does
/// not say"), questions ("Would you like to book?": they assert nothing) and sentences with nothing
/// checkable in them ("Sure!", "Yes."). <see cref="Abstained"/>
/// is true when the answer is empty or says nothing but abstentions.
/// </summary>
public sealed record ClaimSplit(IReadOnlyList<string> Claims, bool Abstained);

/// <summary>Splits an answer into claims with <see cref="SentenceSplitter"/> and recognises abstentions.</summary>
public static partial class ClaimSplitter
{
    public static ClaimSplit Split(string answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var sentences = SentenceSplitter.Split(answer);
        var substantive = sentences.Where(sentence => !IsAbstention(sentence)).ToArray();
        var claims = substantive.Where(sentence => !IsQuestion(sentence) && !TermExtractor.Extract(sentence).IsEmpty).ToArray();
        return new ClaimSplit(claims, Abstained: substantive.Length == 0);
    }

    public static bool IsAbstention(string sentence) => AbstentionPattern().IsMatch(sentence);

    private static bool IsQuestion(string sentence) => sentence.TrimEnd().TrimEnd('"', '\'', ')', '”', '’').EndsWith('?');

    // Anchored at the start, or phrased about the context/information, so that "The cause is unknown."
    // stays a claim while "Unknown." and "There is not enough information to answer." do not.
    [GeneratedRegex(
        @"^\W*(?:i(?:\s+(?:do\s*n[o']t|don['’]t|cannot|can['’]t|am\s+(?:not|unable))|['’]m\s+(?:not|unable))\s+(?:to\s+)?(?:know|sure|certain|able|tell|say|answer|determine|find)"
        + @"|unknown\W*$|no\s+answer\W*$|n/?a\W*$|not\s+sure\b|unable\s+to\s+(?:answer|determine|tell|find))"
        + @"|\b(?:cannot|can['’]t)\s+be\s+(?:answered|determined)\b"
        + @"|\b(?:the\s+)?(?:provided\s+|given\s+)?(?:context|passages?|documents?|text|information)\s+(?:does|do)\s*(?:not|n['’]t)\s+(?:say|state|mention|contain|provide|specify|include|answer|give)"
        + @"|\b(?:there\s+is|there['’]s|i\s+have)\s+(?:no|not\s+enough|insufficient)\s+information\b"
        + @"|\bi\s+(?:do\s+not|don['’]t)\s+have\s+(?:enough\s+|sufficient\s+|any\s+)?information\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AbstentionPattern();
}
