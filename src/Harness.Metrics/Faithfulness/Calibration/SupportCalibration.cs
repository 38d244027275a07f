using Harness.Core.Statistics;

namespace Harness.Metrics.Faithfulness.Calibration;

/// <summary>
/// How well a support scorer agrees with human labels: AUROC of its score, and balanced accuracy,
/// Cohen's κ and F1 (supported = positive) of its verdicts, each with a seeded percentile-bootstrap
/// 95% interval over the labelled items. Items the scorer could not decide are counted in
/// <c>Errors</c> and left out of every figure.
/// </summary>
public sealed record CalibrationResult(
    string Scorer,
    int Items,
    int Errors,
    int Positives,
    ConfidenceInterval? Auroc,
    ConfidenceInterval? BalancedAccuracy,
    ConfidenceInterval? Kappa,
    ConfidenceInterval? F1)
{
    /// <summary>The (human label, scorer score, scorer verdict) of every decided item, in label order.</summary>
    public IReadOnlyList<JudgedLabel> Judged { get; init; } = [];
}

/// <summary>One decided item: what people said, and the scorer's score and verdict.</summary>
public readonly record struct JudgedLabel(bool Human, double Score, bool Predicted);

/// <summary>Measures a support scorer against human labels (docs/architecture.md, "Calibrated judges": an uncalibrated judge cannot fail a gate).</summary>
public static class SupportCalibration
{
    public static async Task<CalibrationResult> MeasureAsync(
        ISupportScorer scorer, IEnumerable<HumanSupportLabel> labels, int seed, CancellationToken cancellationToken,
        IProgress<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        ArgumentNullException.ThrowIfNull(labels);
        var judged = new List<JudgedLabel>();
        var errors = 0;
        foreach (var label in labels)
        {
            var verdict = await scorer.ScoreAsync(label.Claim, label.Evidence, cancellationToken).ConfigureAwait(false);
            if (verdict.Outcome == SupportOutcome.Error)
            {
                errors++;
            }
            else
            {
                judged.Add(new JudgedLabel(label.Supported, verdict.Score, verdict.IsSupported));
            }
            progress?.Report(judged.Count + errors);
        }
        return await SummarizeAsync(scorer.Name, judged, errors, seed).ConfigureAwait(false);
    }

    /// <summary>The four figures with their bootstrap CIs (resampling items, <see cref="Bootstrap.DefaultResamples"/> times).</summary>
    public static async Task<CalibrationResult> SummarizeAsync(string scorer, IReadOnlyList<JudgedLabel> judged, int errors, int seed)
    {
        ArgumentNullException.ThrowIfNull(judged);
        return new CalibrationResult(
            scorer,
            judged.Count + errors,
            errors,
            judged.Count(j => j.Human),
            await Interval(judged, Auroc, seed).ConfigureAwait(false),
            await Interval(judged, BalancedAccuracy, seed).ConfigureAwait(false),
            await Interval(judged, CohensKappa, seed).ConfigureAwait(false),
            await Interval(judged, F1, seed).ConfigureAwait(false))
        {
            Judged = judged,
        };
    }

    /// <summary>
    /// The probability that a random positive scores above a random negative (ties count half), by
    /// the Mann–Whitney rank sum; null without both classes.
    /// </summary>
    public static double? Auroc(IReadOnlyList<JudgedLabel> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var positives = items.Count(s => s.Human);
        var negatives = items.Count - positives;
        if (positives == 0 || negatives == 0)
        {
            return null;
        }
        var ranks = AverageRanks([.. items.Select(s => s.Score)]);
        var positiveRankSum = items.Select((s, i) => s.Human ? ranks[i] : 0).Sum();
        return (positiveRankSum - (positives * (positives + 1) / 2.0)) / ((double)positives * negatives);
    }

    /// <summary>The mean of the true-positive and true-negative rates of the verdicts; null without both classes.</summary>
    public static double? BalancedAccuracy(IReadOnlyList<JudgedLabel> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var positives = items.Count(s => s.Human);
        var negatives = items.Count - positives;
        if (positives == 0 || negatives == 0)
        {
            return null;
        }
        var truePositives = items.Count(s => s.Human && s.Predicted);
        var trueNegatives = items.Count(s => !s.Human && !s.Predicted);
        return ((double)truePositives / positives + (double)trueNegatives / negatives) / 2;
    }

    /// <summary>Cohen's κ of the verdicts against the labels; null when chance agreement is certain (κ undefined).</summary>
    public static double? CohensKappa(IReadOnlyList<JudgedLabel> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count == 0)
        {
            return null;
        }
        double n = items.Count;
        var observed = items.Count(p => p.Human == p.Predicted) / n;
        var humanYes = items.Count(p => p.Human) / n;
        var predictedYes = items.Count(p => p.Predicted) / n;
        var chance = (humanYes * predictedYes) + ((1 - humanYes) * (1 - predictedYes));
        return chance >= 1 ? null : (observed - chance) / (1 - chance);
    }

    /// <summary>F1 of the verdicts with "supported" as the positive class; null when neither side says supported.</summary>
    public static double? F1(IReadOnlyList<JudgedLabel> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var truePositives = items.Count(s => s.Human && s.Predicted);
        var denominator = items.Count(s => s.Human) + items.Count(s => s.Predicted);
        return denominator == 0 ? null : 2.0 * truePositives / denominator;
    }

    private static Task<ConfidenceInterval?> Interval(IReadOnlyList<JudgedLabel> items, Func<IReadOnlyList<JudgedLabel>, double?> statistic, int seed) =>
        Bootstrap.StatisticConfidenceIntervalAsync(items, sample => ValueTask.FromResult(statistic(sample)), seed, Bootstrap.DefaultResamples);

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
