using Harness.Core.Statistics;
using Harness.Metrics.Faithfulness.Calibration;
using Microsoft.Extensions.AI;

namespace Harness.Metrics.Faithfulness.Semantic;

/// <summary>
/// Fits the semantic scorer on claim-level human labels (ExpertQA val only; DSTC11 stays held out):
/// features per claim, a logistic model on all of them, and a k-fold cross-validation (seeded folds)
/// whose out-of-fold probabilities give an honest AUROC and choose the threshold: the probability
/// that maximises balanced accuracy out of fold (stated in the model file). The same claims scored by
/// a baseline scorer (lexical) give the paired bootstrap CI of the AUROC difference, which decides
/// whether the fit is worth making the default.
/// </summary>
public static class SemanticFitter
{
    public const int Folds = 5;

    public static async Task<SemanticSupportModel> FitAsync(
        IReadOnlyList<HumanSupportLabel> labels, string labelsName, string labelsSha256,
        IEmbeddingGenerator<string, Embedding<float>>? embedder, string embedderName, ISupportScorer baseline, int seed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(baseline);
        var features = new List<double[]>(labels.Count);
        var baselineScores = new double[labels.Count];
        foreach (var (label, index) in labels.Select((l, i) => (l, i)))
        {
            features.Add((await SupportFeatures.ComputeAsync(label.Claim, label.Evidence, embedder, cancellationToken).ConfigureAwait(false)).Values);
            baselineScores[index] = (await baseline.ScoreAsync(label.Claim, label.Evidence, cancellationToken).ConfigureAwait(false)).Score;
        }
        var truth = labels.Select(l => l.Supported).ToArray();
        var random = new Random(seed);
        var fold = Enumerable.Range(0, labels.Count).Select(i => i % Folds).OrderBy(_ => random.Next()).ToArray();
        var outOfFold = new double[labels.Count];
        for (var k = 0; k < Folds; k++)
        {
            var train = Enumerable.Range(0, labels.Count).Where(i => fold[i] != k).ToArray();
            var model = LogisticModel.Fit([.. train.Select(i => features[i])], [.. train.Select(i => truth[i])]);
            foreach (var i in Enumerable.Range(0, labels.Count).Where(i => fold[i] == k))
            {
                outOfFold[i] = model.Probability(features[i]);
            }
        }
        var judged = outOfFold.Select((p, i) => new JudgedLabel(truth[i], p, false)).ToArray();
        var threshold = outOfFold.Distinct().Order()
            .Select(t => (t, accuracy: SupportCalibration.BalancedAccuracy([.. judged.Select(j => j with { Predicted = j.Score >= t })]) ?? 0))
            .MaxBy(candidate => candidate.accuracy).t;
        var paired = judged.Select((j, i) => (Fitted: j, Baseline: j with { Score = baselineScores[i] })).ToArray();
        var comparison = new BaselineComparison(
            baseline.Name,
            baseline.Identity,
            await AurocInterval(paired, p => SupportCalibration.Auroc([.. p.Select(x => x.Baseline)]), seed).ConfigureAwait(false),
            await AurocInterval(paired, p => SupportCalibration.Auroc([.. p.Select(x => x.Fitted)]) - SupportCalibration.Auroc([.. p.Select(x => x.Baseline)]), seed).ConfigureAwait(false));
        return new SemanticSupportModel
        {
            Embedder = embedderName,
            Features = SupportFeatures.Names(embedder is not null),
            Model = LogisticModel.Fit(features, truth),
            Threshold = threshold,
            ThresholdRule = $"maximises balanced accuracy of the {Folds}-fold cross-validated probabilities on {labelsName}",
            FittedOn = labelsName,
            DataSha256 = labelsSha256,
            Items = labels.Count,
            Positives = truth.Count(t => t),
            CrossValidatedAuroc = SupportCalibration.Auroc(judged),
            CrossValidatedAurocInterval = await AurocInterval(judged, SupportCalibration.Auroc, seed).ConfigureAwait(false),
            Baseline = comparison,
            Folds = Folds,
            FittedAt = DateTimeOffset.UtcNow,
        };
    }

    // Resampling claims keeps each claim's pair of scores together, so claim difficulty cancels out of the difference.
    private static Task<ConfidenceInterval?> AurocInterval<T>(IReadOnlyList<T> items, Func<IReadOnlyList<T>, double?> statistic, int seed) =>
        Bootstrap.StatisticConfidenceIntervalAsync(items, sample => ValueTask.FromResult(statistic(sample)), seed, Bootstrap.DefaultResamples);
}
