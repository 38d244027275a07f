using Harness.Core;
using Harness.Core.Baselines;
using Harness.Core.Caching;
using Harness.Core.Datasets;
using Harness.Core.Gates;
using Harness.Core.Metrics;
using Harness.Core.History;
using Harness.Core.Labels;
using Harness.Core.Models;
using Harness.Core.Results;
using Harness.Core.Running;
using Harness.Core.Running.Sharding;
using Harness.Core.Store;
using Harness.Core.Suites;
using Harness.Engine.Scoring;
using Harness.Llama.Native;
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
/// <param name="loggers">Where the session and its parts log.</param>
/// <param name="scorers">Makes the suite's support scorer (default: the built-in scorers and judges).</param>
/// <param name="pipelines">Builds the suite's pipelines (default: <see cref="DefaultPipelines"/>).</param>
/// <param name="metrics">Chooses the suite's metrics (default: the suite's families, claims judged by its support scorer).</param>
public sealed class SuiteSession(ILoggerFactory loggers, SupportScorers? scorers = null, IPipelineFactory? pipelines = null, IMetricProvider? metrics = null)
{
    private readonly ILogger _logger = loggers.CreateLogger("Harness");

    /// <summary>The pipelines a session builds unless told otherwise: local and remote models, retrievers over cached indexes, fine-tuning.</summary>
    /// <param name="loggers">Where the pipelines log.</param>
    /// <param name="trainedModels">Where fine-tuned models are kept (default: <see cref="TrainedModelCache.DefaultDirectory"/>).</param>
    public static DefaultPipelineFactory DefaultPipelines(ILoggerFactory loggers, string? trainedModels = null)
    {
        ArgumentNullException.ThrowIfNull(loggers);
        var models = new ModelCatalog();
        var fineTuner = new FineTuner(models, new DatasetCatalog(), new TrainedModelCache(trainedModels ?? TrainedModelCache.DefaultDirectory, loggers.CreateLogger(FineTuner.LogCategory)), loggers.CreateLogger(FineTuner.LogCategory));
        return new DefaultPipelineFactory(
            models, new IndexCache(IndexCache.DefaultRoot, loggers.CreateLogger("Harness.Index")), new EmbedderFactory(), loggers.CreateLogger("Harness"), fineTuner);
    }

    public async Task<SessionResult> RunAsync(
        SuiteDefinition suite, RunOptions options, SessionOptions session, IProgress<RunProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(suite);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(session);
        if (options.Backend is { } backend)
        {
            // Before anything loads llama.cpp: the judge or fluency model may load it before the pipelines do.
            LlamaNativeLibrary.UseBackend(backend);
        }
        if (options.CpuVariant is { } cpuVariant)
        {
            LlamaNativeLibrary.UseCpuVariant(cpuVariant);
        }
        // The backend and variant in effect are part of the run's configuration (resume, shards) and of its record.
        options = options with { Backend = LlamaNativeLibrary.Backend, CpuVariant = LlamaNativeLibrary.CpuVariant };
        // A caller's own metric provider brings its own scorer: no judge model is loaded for it.
        using var scorer = metrics is null ? (scorers ?? new SupportScorers()).For(suite, options.Cache, options.GenerationCachePath) : null;
        var runner = new SuiteRunner(
            pipelines ?? DefaultPipelines(loggers),
            metrics ?? DefaultMetrics(scorer!, session.ResultsDirectory),
            new DatasetCatalog(),
            new RunRepository(session.ResultsDirectory),
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
        var pipelineNames = first.Pipelines.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var suite = whole with { Pipelines = [.. whole.Pipelines.Where(p => pipelineNames.Contains(p.Name))] };
        var limit = first.Info.Limit ?? suite.Limit;
        if (SuiteRunner.ShardFingerprint(suite, first.Info.Seed, limit, first.Environment.CpuVariant) != record.Configuration)
        {
            throw new ShardMergeException($"'{suitePath}' changed since the shards ran - merge with the suite file the shards ran (check out their commit)");
        }
        var datasets = new DatasetCatalog();
        var dataset = datasets.Load(datasets.GetCard(suite.Dataset), new DatasetLoadOptions { Split = suite.Split, Limit = limit, Seed = first.Info.Seed });
        if (dataset.FilesHash != first.Info.DatasetHash)
        {
            throw new ShardMergeException($"dataset '{suite.Dataset}' here (sha256 {dataset.FilesHash}) is not the one the shards ran ({first.Info.DatasetHash}) - merge where the same dataset files are linked");
        }
        using var scorer = metrics is null ? (scorers ?? new SupportScorers()).For(suite, CacheMode.Replay, GenerationCache.DefaultPath) : null;
        var provider = metrics ?? DefaultMetrics(scorer!, session.ResultsDirectory);
        var metric = provider.Resolve(suite, dataset.Corpus);
        using var ownedMetric = metric as IDisposable;
        var merged = ShardMerger.Merge(shards, Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(outputDirectory)))) with { Metrics = metric.Descriptors };
        // Stored and read back first, so the summary sees the results in the store's order, as a whole run's does.
        RunRepository.Save(outputDirectory, merged);
        var inputs = MetricInputs.Of(provider, suite, dataset.Corpus);
        var run = await SuiteRunner.SummarizeAsync(RunRepository.Load(outputDirectory), metric, inputs, cancellationToken).ConfigureAwait(false);
        RunRepository.SaveSummary(outputDirectory, run);
        return await FinishAsync(suite, new CompletedRun(outputDirectory, run), session, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Gates (against the baseline when asked), history and reports of a finished run.</summary>
    private async Task<SessionResult> FinishAsync(SuiteDefinition suite, CompletedRun completed, SessionOptions session, CancellationToken cancellationToken)
    {
        var baselines = session.BaselineDirectory ?? BaselineStore.DirectoryIn(session.ResultsDirectory);
        var baseline = session.UseBaseline ? BaselineStore.TryLoad(suite.Name, baselines)?.ToRunResult() : null;
        if (session.UseBaseline && baseline is null)
        {
            _logger.LogWarning("No baseline for suite {Suite} in {Directory}: regression gates are inconclusive", suite.Name, baselines);
        }
        var run = WithLabels(suite, completed);
        run = run with { Gates = GateEvaluator.Evaluate(suite, run, baseline, GateOptions.Default) };
        RunRepository.SaveGates(completed.Directory, run.Gates);
        IReadOnlyList<HistoryPoint> history = [];
        if (session.RecordHistory)
        {
            using var store = HistoryStore.Open(HistoryStore.PathIn(session.ResultsDirectory));
            store.Append(run);
            history = Trend(store, run);
        }
        var report = session.WriteReports
            ? await ReportWriter.WriteAsync(run, completed.Directory, new ReportOptions { History = history, Logger = _logger, Formats = suite.Formats }, cancellationToken).ConfigureAwait(false)
            : new ReportOutcome([], []);
        return new SessionResult(completed.Directory, run, report);
    }

    /// <summary>
    /// The suite's human labels (labels/&lt;suite&gt;.jsonl beside it, from 'harness label import') applied to the run and
    /// stored with it: its faithfulness and hallucination aggregates become prediction-powered where a pipeline has labels.
    /// </summary>
    private RunResult WithLabels(SuiteDefinition suite, CompletedRun completed)
    {
        var file = LabelFile.PathFor(suite.SourcePath, suite.Name);
        var labels = LabelFile.Read(file);
        if (labels.Count == 0)
        {
            return completed.Run;
        }
        var run = HumanLabelling.Apply(completed.Run, labels, file);
        _logger.LogInformation("Human labels: {Matched} of {Total} labels in {File} match this run's claims", run.Labels!.Matched.Count, labels.Count, file);
        if (run.Labels.Stale.Count > 0)
        {
            _logger.LogWarning("{Stale} labels in {File} are stale (their claim, answer or evidence is not in this run) and are not used", run.Labels.Stale.Count, file);
        }
        RunRepository.SaveLabels(completed.Directory, run);
        return run;
    }

    /// <summary>The suite's metric families; claims judged by its support scorer with its calibration attached, fluency scored by its fluency or generator model, MEAI evaluators given its judge.</summary>
    private SuiteMetricProvider DefaultMetrics(SupportScorerHandle scorer, string resultsDirectory)
    {
        var scorerInfo = new CalibrationStore(CalibrationStore.DirectoryIn(resultsDirectory)).Attach(scorer.Info);
        if (scorerInfo.CalibrationNote is { } note)
        {
            _logger.LogWarning("Faithfulness: {Note}", note);
        }
        var models = new ModelCatalog();
        var embedders = new EmbedderFactory();
        return new SuiteMetricProvider(
            scorer.Scorer,
            scorerInfo,
            fluencyModels: s => LlamaTokenLogProbabilities.Load(models.Resolve(s.Models.Fluency ?? s.Models.Generator
                ?? throw new InvalidOperationException($"suite '{s.Name}' asks for fluency but names no models.fluency or models.generator"))),
            embedders: (s, corpus) => embedders.Create(s.Models.Embedder ?? RetrieverDefinition.DefaultEmbedder, corpus.Passages),
            judge: scorer.JudgeClient);
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
