using System.Globalization;
using System.Text;
using Harness.Core.Data;
using Harness.Core.Datasets;
using Harness.Core.Metrics;
using Harness.Core.Results;
using Harness.Core.Running.Selection;
using Harness.Core.Running.Sharding;
using Harness.Core.Statistics;
using Harness.Core.Store;
using Harness.Core.Suites;
using Microsoft.Extensions.Logging;

namespace Harness.Core.Running;

/// <summary>
/// Runs a validated suite: imports its dataset, builds its pipelines, feeds every case through every
/// pipeline (committing each result to the run's store), and aggregates the results with confidence
/// intervals. A run whose configuration (<see cref="RunConfiguration"/>) matches an unfinished run in <paramref name="runs"/>
/// resumes it; any difference starts a new run, and the log names the item that differed.
/// </summary>
public sealed class SuiteRunner(IPipelineFactory pipelineFactory, IMetricProvider metricProvider, DatasetCatalog datasets, RunRepository runs, ILogger logger)
{
    /// <summary>The folder inside a run's folder that holds its selection run (every variant of every sweep on the selection cases).</summary>
    public const string SelectionDirectory = "selection";

    public async Task<CompletedRun> RunAsync(SuiteDefinition suite, RunOptions options, IProgress<RunProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(suite);
        ArgumentNullException.ThrowIfNull(options);
        suite = SelectPipelines(suite, options.Pipelines);
        var seed = options.Seed ?? suite.Seed;
        var limit = options.Limit ?? suite.Limit;
        if (suite.Selection is not null && options.Shard is not null)
        {
            throw new ArgumentException($"suite '{suite.Name}' sweeps its pipelines, and --shard cannot split a run with sweeps yet: every shard would repeat the whole selection - run it without --shard");
        }
        var (dataset, selectionDataset) = SelectionCases.Load(datasets, suite, seed, limit);
        var scorer = metricProvider.SupportScorer(suite);
        var models = suite.Sweeps.Count == 0
            ? pipelineFactory.ModelFiles(suite)
            : [.. pipelineFactory.ModelFiles(suite).Concat(pipelineFactory.ModelFiles(suite.SelectionSuite())).Distinct()];
        var configuration = RunConfiguration.Of(suite, seed, limit, options, dataset.FilesHash, models, scorer, selectionDataset?.FilesHash);
        var runDirectory = options.OutputDirectory
            ?? (options.Fresh ? null : Resumable(suite.Name, configuration))
            ?? runs.NewRunDirectory(suite.Name);

        using var store = ResultStore.Open(runDirectory);
        var info = RunRepository.StartedRun(store);
        if (info is not null)
        {
            // Only --out names a folder that holds a run of another configuration; the search above never picks one.
            if (RunRepository.Difference(configuration, store) is { } difference)
            {
                throw new ArgumentException(
                    $"'{runDirectory}' holds run {info.RunId} of another configuration ({difference}) - pass --out a new folder, or run with the settings it was started with");
            }
            logger.LogInformation("Resuming run {RunId}: {Done} results already stored", info.RunId, store.CompletedKeys().Count);
        }
        info ??= new RunInfo
        {
            RunId = Path.GetFileName(Path.TrimEndingDirectorySeparator(runDirectory)),
            Suite = suite.Name,
            Description = suite.Description.Length > 0 ? suite.Description : null,
            Dataset = suite.Dataset,
            Domain = suite.Domain,
            DatasetHash = dataset.FilesHash,
            StartedAt = DateTimeOffset.UtcNow,
            Seed = seed,
            Limit = limit,
            CacheMode = options.Cache.ToString().ToLowerInvariant(),
            HeadlineMetric = suite.Headline,
            Shard = options.Shard,
        };
        // Recorded again on resume: the scorer's calibration may have been measured since.
        info = info with { SupportScorer = scorer, SuitePath = SuitePath(suite), SuiteSha256 = Hashing.OfFile(suite.SourcePath) };
        var shard = options.Shard is { } part
            ? new ShardRecord(part, ShardFingerprint(suite, seed, limit, options.CpuVariant), SuitePath(suite), [.. dataset.Cases.Select(c => c.Id)])
            : null;
        RunRepository.RecordStart(store, info, configuration, shard);
        if (shard is not null)
        {
            dataset = dataset with { Cases = shard.Shard.Select(dataset.Cases, seed) };
        }

        SelectionRecord? selection = null;
        if (suite.Selection is { } select && selectionDataset is not null)
        {
            selection = await SelectAsync(suite, select, selectionDataset, info, configuration, Path.Combine(runDirectory, SelectionDirectory), options, progress, cancellationToken).ConfigureAwait(false);
            RunRepository.RecordSelection(store, selection);
            suite = suite.WithChosen(selection.Sweeps.ToDictionary(s => s.Pipeline, s => s.Chosen, StringComparer.Ordinal));
        }
        var run = await EvaluateAsync(store, suite, dataset, info, options, progress, cancellationToken).ConfigureAwait(false);
        if (selection is not null)
        {
            var chosen = selection.Sweeps.ToDictionary(s => s.Pipeline, StringComparer.Ordinal);
            run = run with { Selection = selection, Pipelines = [.. run.Pipelines.Select(p => p with { Selection = chosen.GetValueOrDefault(p.Name)?.AsPipelineSelection() })] };
            RunRepository.RecordSetup(store, run.Environment, run.Pipelines, run.Training, run.Metrics);
        }
        return new CompletedRun(runDirectory, run);
    }

    /// <summary>
    /// Every variant of every sweep answers the selection cases, in a run of its own inside the run's folder (resumed with
    /// it), and each swept pipeline's variant is chosen (<see cref="VariantChoice"/>).
    /// </summary>
    private async Task<SelectionRecord> SelectAsync(
        SuiteDefinition suite, SelectionDefinition select, Dataset cases, RunInfo info, RunConfiguration configuration, string directory,
        RunOptions options, IProgress<RunProgress>? progress, CancellationToken cancellationToken)
    {
        var source = select.Describe(suite.Split ?? datasets.GetCard(suite.Dataset).DefaultSplit ?? "");
        logger.LogInformation("Selection: {Variants} variants of {Sweeps} swept pipelines on {Cases} cases of {Source}, by {Metric}",
            suite.Sweeps.Sum(s => s.Variants.Count), suite.Sweeps.Count, cases.Cases.Count, source, select.Metric);
        using var store = ResultStore.Open(directory);
        var selectionInfo = info with { RunId = info.RunId + "-" + SelectionDirectory, DatasetHash = cases.FilesHash, Limit = select.Limit ?? info.Limit, Shard = null };
        RunRepository.RecordStart(store, RunRepository.StartedRun(store) ?? selectionInfo, configuration, shard: null);
        var run = await EvaluateAsync(store, suite.SelectionSuite(), cases, selectionInfo, options, progress, cancellationToken).ConfigureAwait(false);
        var choices = VariantChoice.Choose(suite.Sweeps, run, select.Metric);
        foreach (var choice in choices)
        {
            logger.LogInformation("Selection {Pipeline}: chose {Variant} - {Reason}", choice.Pipeline, choice.Chosen, choice.Reason);
        }
        return new SelectionRecord
        {
            Metric = select.Metric,
            HigherIsBetter = (run.Metrics.FirstOrDefault(m => m.Id == select.Metric) ?? KnownMetrics.Describe(select.Metric)).HigherIsBetter,
            Source = source,
            CaseIds = [.. run.Cases.Select(c => c.Id)],
            Directory = SelectionDirectory,
            Sweeps = choices,
        };
    }

    /// <summary>The suite's pipelines answer the cases into the store (those already stored are kept), and the results are summarised.</summary>
    private async Task<RunResult> EvaluateAsync(
        ResultStore store, SuiteDefinition suite, Dataset dataset, RunInfo info, RunOptions options, IProgress<RunProgress>? progress, CancellationToken cancellationToken)
    {
        store.SaveCasesIfAbsent(dataset.Cases);
        var cases = store.LoadCases();

        var metric = metricProvider.Resolve(suite, dataset.Corpus);
        using var ownedMetric = metric as IDisposable;
        // The generation cache names the run beside each answer it stores, so a replay can say whose latency it reports.
        await using var pipelines = await pipelineFactory.CreateAsync(suite, dataset, options with { RunId = info.RunId }, cancellationToken).ConfigureAwait(false);
        var environment = EnvironmentCapture.Capture(pipelines.Threads, pipelines.NativeLibrary, pipelines.Backend, pipelines.Models) with { CpuVariant = options.CpuVariant };
        RunRepository.RecordSetup(store, environment, pipelines.Infos, pipelines.Trainings, metric.Descriptors);

        var inputs = MetricInputs.Of(metricProvider, suite, dataset.Corpus);
        var loop = new CaseLoop(store, new CaseScorer(metric, inputs), options.Parallel, options.WarmUpCases);
        await loop.RunAsync(cases, pipelines.Pipelines, progress, cancellationToken).ConfigureAwait(false);

        var run = new RunResult
        {
            Info = info with { FinishedAt = DateTimeOffset.UtcNow, PeakRssBytes = PeakRss() },
            Environment = environment,
            Pipelines = pipelines.Infos,
            Cases = cases,
            Results = store.LoadResults(),
            Metrics = metric.Descriptors,
            Summary = [],
            Training = pipelines.Trainings,
        };
        run = await SummarizeAsync(run, metric, inputs, cancellationToken).ConfigureAwait(false);
        RunRepository.RecordSummary(store, run);
        return run;
    }

    /// <summary>
    /// Per-case metrics are averaged with their CIs; corpus metrics (corpus BLEU) are computed over each
    /// pipeline's cases; a family with run aggregates (the cost family: each pipeline's totals and set-up costs) adds them.
    /// </summary>
    public static async Task<RunResult> SummarizeAsync(RunResult run, IMetric metric, MetricInputs inputs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var summary = MetricSummaries.Compute(run.Results, run.Metrics, run.Info.Seed);
        if (metric is ICorpusMetric { CorpusDescriptors.Count: > 0 } corpusMetric)
        {
            var corpusSummary = await CorpusMetricSummaries.ComputeAsync(corpusMetric, run, inputs, run.Info.Seed, cancellationToken).ConfigureAwait(false);
            run = run with { Metrics = [.. run.Metrics, .. corpusMetric.CorpusDescriptors] };
            summary = [.. summary, .. corpusSummary];
        }
        if (metric is IRunAggregateMetric { AggregateDescriptors.Count: > 0 } aggregates)
        {
            run = run with { Metrics = [.. run.Metrics, .. aggregates.AggregateDescriptors] };
            summary = [.. summary, .. aggregates.Aggregate(run)];
        }
        return run with { Summary = summary };
    }

    /// <summary>The process's peak resident set size: VmHWM on Linux, the peak working set elsewhere.</summary>
    private static long PeakRss()
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return process.PeakWorkingSet64;
    }

    /// <summary>The suite with only the named pipelines (and their sweeps); all of them when none is named; an unknown name is an error naming the suite's pipelines.</summary>
    public static SuiteDefinition SelectPipelines(SuiteDefinition suite, IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(suite);
        ArgumentNullException.ThrowIfNull(names);
        if (names.Count == 0)
        {
            return suite;
        }
        var unknown = names.Where(n => suite.FindPipeline(n) is null).ToArray();
        if (unknown.Length > 0)
        {
            throw new ArgumentException(
                $"suite '{suite.Name}' has no pipeline {string.Join(", ", unknown.Select(n => $"'{n}'"))} - its pipelines are {string.Join(", ", suite.Pipelines.Select(p => p.Name))}");
        }
        var sweeps = suite.Sweeps.Where(s => names.Contains(s.Pipeline)).ToArray();
        return suite with
        {
            Pipelines = [.. suite.Pipelines.Where(p => names.Contains(p.Name))],
            Sweeps = sweeps,
            Selection = sweeps.Length > 0 ? suite.Selection : null,
        };
    }

    /// <summary>
    /// The unfinished run of the same configuration to resume, or null to start a new one; an unfinished run of another
    /// configuration is named with the item that differs, so nobody wonders why it was not resumed.
    /// </summary>
    private string? Resumable(string suiteName, RunConfiguration configuration)
    {
        var unfinished = runs.FindUnfinished(suiteName, configuration);
        if (unfinished is { Difference: { } difference })
        {
            logger.LogWarning(
                "Not resuming the unfinished run {RunId}: its {Difference} (this run's value first) - starting a new run",
                Path.GetFileName(Path.TrimEndingDirectorySeparator(unfinished.Directory)), difference);
            return null;
        }
        return unfinished?.Directory;
    }

    /// <summary>
    /// What makes shards parts of one run (<see cref="ShardRecord.Configuration"/>, checked again by the merge): the suite
    /// file's text, the effective seed and limit, the pipelines and the CPU variant. Settings that only change timings
    /// (threads, cache mode) may differ between shard machines; models and dataset are compared by the merge itself.
    /// </summary>
    public static string ShardFingerprint(SuiteDefinition suite, int seed, int limit, string? cpuVariant)
    {
        ArgumentNullException.ThrowIfNull(suite);
        var text = new StringBuilder(File.ReadAllText(suite.SourcePath))
            .Append(CultureInfo.InvariantCulture, $"\nseed={seed}\nlimit={limit}\npipelines={string.Join(',', suite.Pipelines.Select(p => p.Name))}");
        if (cpuVariant is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"\ncpu_variant={cpuVariant}");
        }
        return Hashing.OfText(text.ToString());
    }

    /// <summary>The suite file relative to the repository when it lies inside it, so shards run in different checkouts agree.</summary>
    private static string SuitePath(SuiteDefinition suite)
    {
        var relative = Path.GetRelativePath(RepositoryPaths.Root, Path.GetFullPath(suite.SourcePath));
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? Path.GetFullPath(suite.SourcePath) : relative.Replace('\\', '/');
    }
}
