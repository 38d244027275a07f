using Harness.Core;
using Harness.Core.Baselines;
using Harness.Core.Caching;
using Harness.Core.Datasets;
using Harness.Core.Gates;
using Harness.Core.History;
using Harness.Core.Models;
using Harness.Core.Results;
using Harness.Core.Running;
using Harness.Core.Running.Sharding;
using Harness.Core.Suites;
using Harness.Engine.Scoring;
using Harness.Metrics;
using Harness.Metrics.Faithfulness.Calibration;
using Harness.Pipelines;
using Harness.Pipelines.Generation;
using Harness.Pipelines.Training;
using Harness.Reporting;
using Harness.Reporting.Charts;
using Harness.Retrieval.Embeddings;
using Harness.Retrieval.Indexing;
using Microsoft.Extensions.Logging;

namespace Harness.Engine;

/// <summary>
/// One suite, end to end: run it (resuming an unfinished run), evaluate its gates (against the stored
/// baseline when asked), append it to the history, and write its files and report. Claims are judged by
/// the suite's support scorer (<see cref="SupportScorers"/>) with its calibration attached. The command line
/// and the NUnit suites both go through here, so a gate reads the same in CI as on a desk.
/// </summary>
public sealed class SuiteSession(ILoggerFactory loggers, SupportScorers? scorers = null)
{
    private readonly ILogger _logger = loggers.CreateLogger("Harness");

    public async Task<SessionResult> RunAsync(
        SuiteDefinition suite, RunOptions options, SessionOptions session, IProgress<RunProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(suite);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(session);
        using var scorer = (scorers ?? new SupportScorers()).For(suite, options.Cache);
        var scorerInfo = new CalibrationStore().Attach(scorer.Info);
        if (scorerInfo.CalibrationNote is { } note)
        {
            _logger.LogWarning("Faithfulness: {Note}", note);
        }
        var models = new ModelCatalog();
        var datasets = new DatasetCatalog();
        var embedders = new EmbedderFactory();
        var fineTuner = new FineTuner(models, datasets, new TrainedModelCache(TrainedModelCache.DefaultDirectory), loggers.CreateLogger(FineTuner.LogCategory));
        var runner = new SuiteRunner(
            new DefaultPipelineFactory(models, new IndexCache(IndexCache.DefaultRoot, loggers.CreateLogger("Harness.Index")), embedders, _logger, fineTuner),
            MetricProvider(scorer, scorerInfo, models, embedders),
            datasets,
            _logger);
        var completed = await runner.RunAsync(suite, options, progress, cancellationToken).ConfigureAwait(false);
        return await FinishAsync(suite, completed, session, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Merges the run folders of the n shards of one run (<see cref="ShardMerger"/> checks them) into
    /// <paramref name="outputDirectory"/>: the cases and results the whole run would have had, summarised,
    /// gated, recorded and reported exactly as <see cref="RunAsync"/> does. The suite is read again from the
    /// file the shards ran, which must still be the same text.
    /// </summary>
    public async Task<SessionResult> MergeAsync(IReadOnlyList<string> shardDirectories, string outputDirectory, SessionOptions session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var shards = ShardMerger.Check(shardDirectories);
        var record = shards.Record;
        var first = shards.Shards[0].Run;
        var suitePath = Path.IsPathRooted(record.SuitePath) ? record.SuitePath : Path.Combine(RepositoryPaths.Root, record.SuitePath);
        var validation = new SuiteValidator().Validate(suitePath);
        if (validation.Suite is not { } whole)
        {
            throw new ShardMergeException($"the shards ran suite '{suitePath}', which no longer reads: {string.Join("; ", validation.Problems)}");
        }
        var pipelines = first.Pipelines.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var suite = whole with { Pipelines = [.. whole.Pipelines.Where(p => pipelines.Contains(p.Name))] };
        var limit = first.Info.Limit ?? suite.Limit;
        if (SuiteRunner.Fingerprint(suite, first.Info.Seed, limit, shard: null) != record.Configuration)
        {
            throw new ShardMergeException($"'{suitePath}' changed since the shards ran - merge with the suite file the shards ran (check out their commit)");
        }
        var datasets = new DatasetCatalog();
        var dataset = datasets.Load(datasets.GetCard(suite.Dataset), new DatasetLoadOptions { Split = suite.Split, Limit = limit, Seed = first.Info.Seed });
        if (dataset.FilesHash != first.Info.DatasetHash)
        {
            throw new ShardMergeException($"dataset '{suite.Dataset}' here (sha256 {dataset.FilesHash}) is not the one the shards ran ({first.Info.DatasetHash}) - merge where the same dataset files are linked");
        }
        using var scorer = (scorers ?? new SupportScorers()).For(suite, CacheMode.Replay);
        var scorerInfo = new CalibrationStore().Attach(scorer.Info);
        var metric = MetricProvider(scorer, scorerInfo, new ModelCatalog(), new EmbedderFactory()).Resolve(suite, dataset.Corpus);
        using var ownedMetric = metric as IDisposable;
        var merged = ShardMerger.Merge(shards, Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(outputDirectory)))) with { Metrics = metric.Descriptors };
        // Stored and read back first, so the summary sees the results in the store's order, as a whole run's does.
        SuiteRunner.Save(outputDirectory, merged, record.Configuration);
        var run = await SuiteRunner.SummarizeAsync(SuiteRunner.Load(outputDirectory), metric, dataset, suite, cancellationToken).ConfigureAwait(false);
        SuiteRunner.StoreSummary(outputDirectory, run);
        return await FinishAsync(suite, new CompletedRun(outputDirectory, run), session, cancellationToken).ConfigureAwait(false);
    }

    private SuiteMetricProvider MetricProvider(SupportScorerHandle scorer, SupportScorerInfo scorerInfo, ModelCatalog models, EmbedderFactory embedders) =>
        new(
            scorer.Scorer,
            scorerInfo,
            fluencyModels: s => LlamaTokenLogProbabilities.Load(models.Resolve(s.Models.Fluency ?? s.Models.Generator
                ?? throw new InvalidOperationException($"suite '{s.Name}' asks for fluency but names no models.fluency or models.generator"))),
            embedders: (s, corpus) => embedders.Create(s.Models.Embedder ?? SuiteReader.BuiltInEmbedder, corpus.Passages));

    /// <summary>Gates (against the baseline when asked), history and reports of a finished run.</summary>
    private async Task<SessionResult> FinishAsync(SuiteDefinition suite, CompletedRun completed, SessionOptions session, CancellationToken cancellationToken)
    {
        var baseline = session.UseBaseline ? BaselineStore.TryLoad(suite.Name, session.BaselineDirectory)?.ToRunResult() : null;
        if (session.UseBaseline && baseline is null)
        {
            _logger.LogWarning("No baseline for suite {Suite} in {Directory}: regression gates are inconclusive", suite.Name, session.BaselineDirectory ?? BaselineStore.DefaultDirectory);
        }
        var run = completed.Run with { Gates = GateEvaluator.Evaluate(suite, completed.Run, baseline, GateOptions.Default) };
        SuiteRunner.StoreGates(completed.Directory, run.Gates);
        IReadOnlyList<HistoryPoint> history = [];
        if (session.RecordHistory)
        {
            using var store = HistoryStore.Open();
            store.Append(run);
            history = Trend(store, run);
        }
        var report = session.WriteReports
            ? await ReportWriter.WriteAsync(run, completed.Directory, new ReportOptions { History = history, Logger = _logger }, cancellationToken).ConfigureAwait(false)
            : new ReportOutcome([], []);
        return new SessionResult(completed.Directory, run, report);
    }

    /// <summary>The headline metric of each pipeline over the suite's recorded runs, oldest first.</summary>
    private static IReadOnlyList<HistoryPoint> Trend(HistoryStore store, RunResult run)
    {
        if (HeadlineMetrics.Headline(run) is not { } headline)
        {
            return [];
        }
        return [.. run.Pipelines.SelectMany(pipeline => store.Trend(run.Info.Suite, pipeline.Name, headline.Id)
            .Where(point => point.Mean is not null)
            .Select(point => new HistoryPoint(point.RunId, point.StartedAt, pipeline.Name, headline.Id, point.Mean!.Value, point.CiLow, point.CiHigh)))];
    }
}

/// <summary>A finished suite session: the run directory, the run with its gate verdicts, and the report files.</summary>
public sealed record SessionResult(string Directory, RunResult Run, ReportOutcome Report)
{
    public GateVerdict Verdict => Run.Gates.Count == 0 ? GateVerdict.Pass : GateEvaluator.Overall(Run.Gates);
}
