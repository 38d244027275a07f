using Harness.Core.Data;

namespace Harness.Metrics.Faithfulness.Calibration;

/// <summary>
/// Scores a whole response the way the hallucination rate judges an answer: it is split into claims,
/// each claim is scored, and the response is supported only when every claim is; its score is the
/// lowest claim score (the weakest claim decides). Used to measure a claim scorer against
/// response-level human ratings (DSTC11).
/// </summary>
public sealed class ResponseSupportScorer(ISupportScorer claims) : ISupportScorer
{
    public string Name => claims.Name;

    public string Identity => claims.Identity;

    public async ValueTask<SupportVerdict> ScoreAsync(string claim, IReadOnlyList<Passage> context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var verdicts = new List<SupportVerdict>();
        foreach (var sentence in ClaimSplitter.Split(claim).Claims)
        {
            var verdict = await claims.ScoreAsync(sentence, context, cancellationToken).ConfigureAwait(false);
            if (verdict.Outcome == SupportOutcome.Error)
            {
                return verdict;
            }
            verdicts.Add(verdict);
        }
        if (verdicts.Count == 0)
        {
            return SupportVerdict.Error("the response has no checkable claim");
        }
        var weakest = verdicts.MinBy(v => v.Score)!;
        return verdicts.All(v => v.IsSupported)
            ? SupportVerdict.Supported(weakest.Score, $"all {verdicts.Count} claims supported")
            : SupportVerdict.Unsupported(weakest.Score, $"{verdicts.Count(v => !v.IsSupported)} of {verdicts.Count} claims unsupported");
    }
}
