using Harness.Core.Data;
using Harness.Core.Metrics;
using Harness.Core.Results;

namespace Harness.Core.Labels;

/// <summary>Which claims of an answer people can label, and the key that ties a label to a claim.</summary>
public static class ClaimLabels
{
    /// <summary>
    /// sha256 of the claim and of the text of every passage the answer was judged against: people's verdict is
    /// about that claim on that evidence, so the same sentence on other retrieved passages is another claim.
    /// </summary>
    public static string Hash(string claim, IReadOnlyList<Passage> context)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(context);
        return Hashing.OfParts([claim, .. context.Select(p => p.Text)]);
    }

    /// <summary>The claims the scorer decided (supported or unsupported), each once; labels and undecided claims are not labelled.</summary>
    public static IReadOnlyList<ClaimJudgement> Judged(CaseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return [.. result.Claims.Where(c => c.Verdict is ClaimVerdict.Supported or ClaimVerdict.Unsupported).DistinctBy(c => c.Text)];
    }
}
