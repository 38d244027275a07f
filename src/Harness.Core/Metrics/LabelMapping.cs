using System.Text.RegularExpressions;

namespace Harness.Core.Metrics;

/// <summary>
/// Maps generated text to a class label by declared rules (first matching rule wins), for
/// classification datasets. Text no rule matches is unmapped: counted wrong, and reported.
/// </summary>
public sealed record LabelMapping(IReadOnlyList<LabelRule> Rules)
{
    public string? Map(string answer)
    {
        foreach (var rule in Rules)
        {
            if (rule.Pattern.IsMatch(answer))
            {
                return rule.Label;
            }
        }
        return null;
    }
}

/// <summary>A label and the case-insensitive pattern that selects it.</summary>
public sealed record LabelRule(string Label, Regex Pattern);
