using System.Globalization;
using System.Text;
using Harness.Core.Caching;
using Harness.Core.Data;
using Harness.Core.Datasets;
using Harness.Core.Results;
using Harness.Core.Running;
using Harness.Core.Running.Selection;
using Harness.Core.Suites;
using Harness.Pipelines.Training;

namespace Harness.Engine.Planning;

/// <summary>
/// What <c>harness run --dry-run</c> says a run would do, without loading a model or building an index: the variants
/// and the cases they answer on selection, the pipelines and cases of the evaluation, the indexes (one per distinct
/// chunking and embedder over each corpus: top_k is a search setting), the models to fine-tune (one per distinct
/// training: the trained-model cache's key) with their tokens, and a time estimate from what the caches recorded.
/// </summary>
/// <param name="Suite">The suite's name.</param>
/// <param name="SelectionSource">Where selection cases come from ("split dev"), or null without sweeps.</param>
/// <param name="SelectionCaseCount">How many selection cases each variant answers.</param>
/// <param name="Variants">Every variant's name.</param>
/// <param name="EvaluatedCaseCount">How many cases each evaluated pipeline answers.</param>
/// <param name="Pipelines">The evaluated pipelines (a swept one answers as its chosen variant).</param>
/// <param name="Indexes">Distinct indexes the run builds or reuses from the index cache.</param>
/// <param name="Trainings">The distinct models to fine-tune, each cached or not, with its tokens.</param>
/// <param name="MeanAnswerMilliseconds">Mean model time per answer recorded by the suite's earlier runs in the generation cache, or null.</param>
/// <param name="RecordedAnswers">How many recorded answers that mean is over.</param>
public sealed record RunPlan(
    string Suite,
    string? SelectionSource,
    int SelectionCaseCount,
    IReadOnlyList<string> Variants,
    int EvaluatedCaseCount,
    IReadOnlyList<string> Pipelines,
    int Indexes,
    IReadOnlyList<PlannedModel> Trainings,
    double? MeanAnswerMilliseconds,
    int RecordedAnswers)
{
    /// <summary>Word pieces per word of English prose, roughly: the token estimate of a model not trained yet.</summary>
    public const double TokensPerWord = 4.0 / 3;

    public int Answers => (Variants.Count * SelectionCaseCount) + (Pipelines.Count * EvaluatedCaseCount);

    /// <summary>Seconds of generation, when the suite's earlier runs recorded timings (cached answers replay faster).</summary>
    public double? GenerationSeconds => MeanAnswerMilliseconds * Answers / 1000;

    /// <summary>Seconds of fine-tuning the models not cached, at the speed the cached ones were trained; null when none can say.</summary>
    public double? TrainingSeconds
    {
        get
        {
            var speeds = Trainings.Select(t => t.Cached?.TokensPerSecond).OfType<double>().Where(s => s > 0).ToList();
            var toTrain = Trainings.Where(t => t.Cached is null).Sum(t => t.Tokens);
            return toTrain == 0 ? 0 : speeds.Count == 0 ? null : toTrain / speeds.Average();
        }
    }

    /// <summary>The plan as the console prints it, one fact a line.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        void Line(FormattableString line) => text.AppendLine(line.ToString(CultureInfo.InvariantCulture));
        Line($"plan for suite {Suite}:");
        if (SelectionSource is not null)
        {
            Line($"  selection: {Variants.Count} variants × {SelectionCaseCount} cases of {SelectionSource} = {Variants.Count * SelectionCaseCount} answers");
            foreach (var variant in Variants)
            {
                Line($"    {variant}");
            }
        }
        Line($"  evaluation: {Pipelines.Count} pipelines × {EvaluatedCaseCount} cases = {Pipelines.Count * EvaluatedCaseCount} answers ({string.Join(", ", Pipelines)}{(SelectionSource is null ? "" : "; each swept one as its chosen variant")})");
        Line($"  indexes: {Indexes} (one per distinct chunking and embedder over each corpus; top_k is a search setting)");
        var cached = Trainings.Count(t => t.Cached is not null);
        Line($"  training: {Trainings.Count} models ({cached} in the cache), {Trainings.Sum(t => t.Tokens):#,0} tokens");
        foreach (var model in Trainings)
        {
            Line($"    {model.Pipeline}: {(model.Cached is null ? $"about {model.Tokens:#,0} tokens to train" : $"cached, trained on {model.Tokens:#,0} tokens")} ({model.Data})");
        }
        var generation = GenerationSeconds is { } seconds
            ? string.Create(CultureInfo.InvariantCulture, $"{Answers} answers × {MeanAnswerMilliseconds:0.#} ms (mean of {RecordedAnswers} answers the suite's earlier runs recorded) = {seconds:0.#} s, less for answers the cache replays")
            : $"{Answers} answers; no answer of an earlier run of this suite has recorded timings, so no time estimate";
        Line($"  estimate: generation {generation}");
        Line($"  estimate: training {(TrainingSeconds is { } training ? string.Create(CultureInfo.InvariantCulture, $"{training:0.#} s (at the speed the cached models were trained)") : "unknown until a model of the plan is in the cache")}");
        return text.ToString();
    }

    /// <summary>The plan of a run of <paramref name="suite"/> with these options.</summary>
    public static RunPlan Of(SuiteDefinition suite, RunOptions options, FineTuner fineTuner, DatasetCatalog datasets)
    {
        ArgumentNullException.ThrowIfNull(suite);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(fineTuner);
        var seed = options.Seed ?? suite.Seed;
        var (evaluated, selection) = SelectionCases.Load(datasets, suite, seed, options.Limit ?? suite.Limit);
        var selectionSuite = suite.SelectionSuite();
        var phases = new List<(SuiteDefinition Suite, Dataset Cases)> { (suite, evaluated) };
        if (selection is not null)
        {
            phases.Add((selectionSuite, selection));
        }
        var indexes = phases
            .SelectMany(phase => phase.Suite.Pipelines.Select(p => p.Retriever)
                .OfType<RetrieverDefinition>()
                .Select(r => (Settings: r with { TopK = 1, Embedder = r.Kind == RetrieverKind.Bm25 ? null : r.Embedder ?? suite.Models.Embedder }, Corpus: phase.Cases.FilesHash)))
            .Distinct()
            .Count();
        var planned = phases
            .SelectMany(phase => phase.Suite.Pipelines.Where(p => p.Training is not null).Select(p => (Pipeline: p, Plan: fineTuner.Plan(suite, p, phase.Cases))))
            .DistinctBy(p => p.Plan.Key)
            .ToList();
        var trainings = planned.Select(p => new PlannedModel(p.Pipeline.Name, p.Plan.Data, p.Plan.Cached?.TrainedTokens ?? EstimatedTokens(p.Pipeline.Training!, p.Plan, planned.Select(q => q.Plan)), p.Plan.Cached)).ToList();
        using var cache = new GenerationCache(options.GenerationCachePath, CacheMode.Replay);
        var (answers, mean) = cache.RecordedModelTime(suite.Name + "-");
        return new RunPlan(
            suite.Name,
            selection is null ? null : suite.Selection!.Describe(suite.Split ?? datasets.GetCard(suite.Dataset).DefaultSplit ?? ""),
            selection?.Cases.Count ?? 0,
            [.. selectionSuite.Pipelines.Select(p => p.Name)],
            evaluated.Cases.Count,
            [.. suite.Pipelines.Select(p => p.Name)],
            indexes,
            trainings,
            mean,
            answers);
    }

    /// <summary>
    /// The tokens a model not cached yet would train on: per epoch what a cached model of the same data trained on (its
    /// tokens over the epochs it ran), else the words at <see cref="TokensPerWord"/>, less the held-out share; times the epochs
    /// (an upper bound: training may stop early).
    /// </summary>
    private static long EstimatedTokens(TrainingDefinition training, PlannedTraining plan, IEnumerable<PlannedTraining> others)
    {
        var sibling = others.Select(o => o.Cached).FirstOrDefault(c => c is { TrainedTokens: > 0, Curve.Count: > 0 } && c.DataSha256 == plan.DataSha256 && c.Context == training.Context);
        var perEpoch = sibling is not null
            ? (double)sibling.TrainedTokens / sibling.Curve.Count
            : plan.Texts.Sum(t => t.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length) * TokensPerWord * (1 - training.Validation);
        return (long)(perEpoch * training.Epochs);
    }
}

/// <summary>A model a run would fine-tune: the first pipeline or variant that trains it, its data, its tokens (recorded when cached, else estimated from the words) and its cached record.</summary>
public sealed record PlannedModel(string Pipeline, string Data, long Tokens, TrainingRecord? Cached);
