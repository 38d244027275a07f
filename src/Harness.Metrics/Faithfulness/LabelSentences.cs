using System.Text.RegularExpressions;
using Harness.Core.Metrics;
using Harness.Core.Text;

namespace Harness.Metrics.Faithfulness;

/// <summary>
/// Tells a sentence that only states one of a classification dataset's labels ("Entailment.",
/// "Not mentioned.", "Maybe.") from a claim: its content words are all words of the label names
/// (split at case changes, stemmed as claims are) and it states no number.
/// </summary>
public sealed partial class LabelSentences
{
    private readonly HashSet<string> _labelWords;

    private LabelSentences(HashSet<string> labelWords) => _labelWords = labelWords;

    public static LabelSentences For(LabelMapping mapping)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        var words = mapping.Rules
            .Select(rule => CaseChange().Replace(rule.Label, " "))
            .SelectMany(label => TermExtractor.Extract(label).Words)
            .ToHashSet(StringComparer.Ordinal);
        return new LabelSentences(words);
    }

    public bool IsOnlyLabel(string sentence)
    {
        var terms = TermExtractor.Extract(sentence);
        return terms.Numbers.Count == 0 && terms.Words.Count > 0 && terms.Words.All(_labelWords.Contains);
    }

    // "NotMentioned" → "Not Mentioned".
    [GeneratedRegex(@"(?<=\p{Ll})(?=\p{Lu})")]
    private static partial Regex CaseChange();
}
