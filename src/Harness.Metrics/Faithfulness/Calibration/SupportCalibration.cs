using Harness.Core.Statistics;

namespace Harness.Metrics.Faithfulness.Calibration;

/// <summary>
/// How well a support scorer agrees with human labels: AUROC of its score against the labels and
/// Cohen's κ of its verdict against them, each with a 95% interval (Hanley &amp; McNeil's standard
/// error for AUROC, the large-sample standard error for κ). Claims the scorer could not decide are
/// counted in <c>Errors</c> and left out of both.
/// </summary>
public sealed record CalibrationResult(string Scorer, int Labels, int Errors, ConfidenceInterval? Auroc, ConfidenceInterval? Kappa, double Agreement);

/// <summary>Measures a support scorer against human labels (DESIGN.md: an uncalibrated judge cannot fail a gate).</summary>
public static class SupportCalibration
{
    private const double Level = 0.95;
    private const double Z = 1.959963984540054;

    public static async Task<CalibrationResult> MeasureAsync(ISupportScorer scorer, IEnumerable<HumanSupportLabel> labels, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        ArgumentNullException.ThrowIfNull(labels);
        var judged = new List<(bool Human, SupportVerdict Verdict)>();
        var errors = 0;
        foreach (var label in labels)
        {
            var verdict = await scorer.ScoreAsync(label.Claim, label.Evidence, cancellationToken).ConfigureAwait(false);
            if (verdict.Outcome == SupportOutcome.Error)
            {
                errors++;
                continue;
            }
            judged.Add((label.Supported, verdict));
        }
        var agreement = judged.Count == 0 ? 0 : judged.Count(j => j.Human == j.Verdict.IsSupported) / (double)judged.Count;
        return new CalibrationResult(
            scorer.Name,
            judged.Count + errors,
            errors,
            Auroc([.. judged.Select(j => (j.Human, j.Verdict.Score))]),
            CohensKappa([.. judged.Select(j => (j.Human, j.Verdict.IsSupported))]),
            agreement);
    }

    /// <summary>
    /// The probability that a random positive scores above a random negative (ties count half), by
    /// the Mann–Whitney rank sum; null without both classes.
    /// </summary>
    public static ConfidenceInterval? Auroc(IReadOnlyList<(bool Positive, double Score)> scored)
    {
        ArgumentNullException.ThrowIfNull(scored);
        var positives = scored.Count(s => s.Positive);
        var negatives = scored.Count - positives;
        if (positives == 0 || negatives == 0)
        {
            return null;
        }
        var ranks = AverageRanks(scored.Select(s => s.Score).ToArray());
        var positiveRankSum = scored.Select((s, i) => s.Positive ? ranks[i] : 0).Sum();
        var auc = (positiveRankSum - (positives * (positives + 1) / 2.0)) / ((double)positives * negatives);
        // Hanley & McNeil (1982).
        var q1 = auc / (2 - auc);
        var q2 = 2 * auc * auc / (1 + auc);
        var variance = ((auc * (1 - auc)) + ((positives - 1) * (q1 - (auc * auc))) + ((negatives - 1) * (q2 - (auc * auc))))
            / ((double)positives * negatives);
        var margin = Z * Math.Sqrt(Math.Max(variance, 0));
        return new ConfidenceInterval(auc, Math.Max(0, auc - margin), Math.Min(1, auc + margin), Level);
    }

    /// <summary>Cohen's κ of two binary raters; null when chance agreement is certain (κ undefined).</summary>
    public static ConfidenceInterval? CohensKappa(IReadOnlyList<(bool Human, bool Predicted)> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        if (pairs.Count == 0)
        {
            return null;
        }
        double n = pairs.Count;
        var observed = pairs.Count(p => p.Human == p.Predicted) / n;
        var humanYes = pairs.Count(p => p.Human) / n;
        var predictedYes = pairs.Count(p => p.Predicted) / n;
        var chance = (humanYes * predictedYes) + ((1 - humanYes) * (1 - predictedYes));
        if (chance >= 1)
        {
            return null;
        }
        var kappa = (observed - chance) / (1 - chance);
        var margin = Z * Math.Sqrt(observed * (1 - observed) / (n * (1 - chance) * (1 - chance)));
        return new ConfidenceInterval(kappa, Math.Max(-1, kappa - margin), Math.Min(1, kappa + margin), Level);
    }

    // 1-based ranks, tied values sharing the mean of their ranks.
    private static double[] AverageRanks(double[] values)
    {
        var order = Enumerable.Range(0, values.Length).OrderBy(i => values[i]).ToArray();
        var ranks = new double[values.Length];
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && values[order[end + 1]] == values[order[start]])
            {
                end++;
            }
            var rank = ((start + end) / 2.0) + 1;
            for (var k = start; k <= end; k++)
            {
                ranks[order[k]] = rank;
            }
            start = end + 1;
        }
        return ranks;
    }
}
