using Harness.Core;
using Harness.Core.Datasets;
using Harness.Core.Results;
using Harness.Metrics.Faithfulness;
using Harness.Metrics.Faithfulness.Calibration;
using Harness.Metrics.Faithfulness.Semantic;

namespace Harness.Engine.Scoring;

/// <summary>One label set's measurement: the set, the figures, and where they were saved.</summary>
public sealed record CalibrationOutcome(LoadedLabelSet Labels, CalibrationResult Result, ScorerCalibration Record, string SavedTo);

/// <summary>
/// <c>./harness calibrate</c>: measures a support scorer against human-label sets and saves each
/// measurement to its store: the git-ignored results/calibration-runs/&lt;scorer&gt;.json, or with
/// <c>--save</c> the committed results/calibration/&lt;scorer&gt;.json, where runs pick it up. Claim-level sets
/// (ExpertQA) score each claim against its evidence; response-level sets (DSTC11) score each response
/// as the hallucination rate judges an answer (<see cref="ResponseSupportScorer"/>).
/// </summary>
public sealed class ScorerCalibrator(SupportScorers scorers, DatasetCatalog datasets, CalibrationStore store)
{
    /// <summary>Seeds every bootstrap CI of a calibration (fixed, so a calibration is reproducible).</summary>
    public const int Seed = 20231;

    /// <summary>
    /// Saves to results/calibration/ (what runs and gates read) when <paramref name="save"/>, else to
    /// results/calibration-runs/, so that measuring never rewrites a committed file.
    /// </summary>
    public ScorerCalibrator(bool save)
        : this(new SupportScorers(), new DatasetCatalog(), save ? new CalibrationStore() : new CalibrationStore(CalibrationStore.RunsDirectoryIn(RepositoryPaths.Results)))
    {
    }

    /// <summary>
    /// Refits the semantic scorer on ExpertQA val (features, logistic model, cross-validated threshold)
    /// with a sentence embedder by name ("none": lexical features only), compared with the lexical scorer
    /// on the same claims, and writes <see cref="SemanticSupportModel.DefaultPath"/>; DSTC11 is never
    /// fitted on, so it stays held out.
    /// </summary>
    public async Task<(SemanticSupportModel Model, string Path)> RefitSemanticAsync(string embedder, CancellationToken cancellationToken)
    {
        var labels = HumanLabelSets.Load(HumanLabelSets.ExpertQa, datasets);
        using var generator = SupportScorers.Embedder(embedder);
        var model = await SemanticFitter.FitAsync(labels.Set.Labels, $"{labels.Name} ({HumanLabelSets.ExpertQaFile})", labels.Sha256, generator, embedder, new LexicalSupportScorer(), Seed, cancellationToken).ConfigureAwait(false);
        var path = SemanticSupportModel.DefaultPath;
        model.Save(path);
        return (model, path);
    }

    /// <summary>
    /// A seeded subset of <paramref name="limit"/> labels (all when 0), for scorers too slow for every
    /// label (a judge on a CPU): labels ranked by a hash of (seed, source), the first kept, in file order.
    /// </summary>
    public static IReadOnlyList<HumanSupportLabel> Subset(IReadOnlyList<HumanSupportLabel> labels, int limit)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (limit == 0 || limit >= labels.Count)
        {
            return labels;
        }
        var kept = labels
            .Select((label, index) => (index, rank: Hashing.OfText($"{Seed}\n{label.Source}")))
            .OrderBy(x => x.rank, StringComparer.Ordinal)
            .Take(limit)
            .Select(x => x.index)
            .Order();
        return [.. kept.Select(i => labels[i])];
    }

    public async Task<IReadOnlyList<CalibrationOutcome>> RunAsync(
        string scorerName, IReadOnlyList<string> labelSets, IProgress<(string Labels, int Done, int Total)>? progress, CancellationToken cancellationToken,
        int limit = 0)
    {
        ArgumentNullException.ThrowIfNull(labelSets);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        // Load the labels first: a missing file stops the command before a judge model loads.
        var loaded = labelSets.Select(name => HumanLabelSets.Load(name, datasets)).ToArray();
        using var handle = scorers.Create(scorerName);
        var outcomes = new List<CalibrationOutcome>();
        foreach (var labels in loaded)
        {
            ISupportScorer scorer = labels.ResponseLevel ? new ResponseSupportScorer(handle.Scorer) : handle.Scorer;
            var items = Subset(labels.Set.Labels, limit);
            var total = items.Count;
            var result = await SupportCalibration.MeasureAsync(
                scorer, items, Seed, cancellationToken,
                progress is null ? null : new Progress<int>(done => progress.Report((labels.Name, done, total)))).ConfigureAwait(false);
            var record = new ScorerCalibration(
                labels.Name, labels.Sha256, handle.Info.Identity, result.Items - result.Errors, result.Positives, result.Errors,
                result.Auroc, result.BalancedAccuracy, result.Kappa, result.F1, DateTimeOffset.UtcNow);
            outcomes.Add(new CalibrationOutcome(labels, result, record, store.Save(handle.Info, record)));
        }
        return outcomes;
    }
}
