using Harness.Metrics.Faithfulness.Calibration;
using Microsoft.Extensions.AI;

namespace Harness.Metrics.Faithfulness.Semantic;

/// <summary>
/// Fits the semantic scorer on claim-level human labels (ExpertQA val only; DSTC11 stays held out):
/// features per claim, a logistic model on all of them, and a k-fold cross-validation (seeded folds)
/// whose out-of-fold probabilities give an honest AUROC and choose the threshold: the probability
/// that maximises balanced accuracy out of fold (stated in the model file).
/// </summary>
public static class SemanticFitter
{
    public const int Folds = 5;

    public static async Task<SemanticSupportModel> FitAsync(
        IReadOnlyList<HumanSupportLabel> labels, string labelsName, string labelsSha256,
        IEmbeddingGenerator<string, Embedding<float>>? embedder, string embedderName, int seed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var features = new List<double[]>(labels.Count);
        foreach (var label in labels)
        {
            features.Add((await SupportFeatures.ComputeAsync(label.Claim, label.Evidence, embedder, cancellationToken).ConfigureAwait(false)).Values);
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
            Folds = Folds,
            FittedAt = DateTimeOffset.UtcNow,
        };
    }
}
