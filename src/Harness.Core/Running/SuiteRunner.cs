using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Harness.Core.Costs;
using Harness.Core.Datasets;
using Harness.Core.Gates;
using Harness.Core.Metrics;
using Harness.Core.Results;
using Harness.Core.Running.Sharding;
using Harness.Core.Statistics;
using Harness.Core.Store;
using Harness.Core.Suites;
using Microsoft.Extensions.Logging;

namespace Harness.Core.Running;

/// <summary>
/// Runs a validated suite: imports its dataset, builds its pipelines, feeds every case through every
/// pipeline (committing each result to the run's store), and aggregates the results with confidence
/// intervals. A run whose configuration matches an unfinished run in the results folder resumes it.
/// </summary>
public sealed class SuiteRunner(IPipelineFactory pipelineFactory, IMetricProvider metricProvider, DatasetCatalog datasets, ILogger logger)
{
    private const string InfoKey = "info";
    private const string ConfigurationKey = "configuration";
    private const string EnvironmentKey = "environment";
    private const string PipelinesKey = "pipelines";
    private const string MetricsKey = "metrics";
    private const string SummaryKey = "summary";
    private const string GatesKey = "gates";
    private const string TrainingKey = "training";
    private const string ShardKey = "shard";

    public async Task<CompletedRun> RunAsync(SuiteDefinition suite, RunOptions options, IProgress<RunProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(suite);
        ArgumentNullException.ThrowIfNull(options);
        suite = SelectPipelines(suite, options.Pipelines);
        var seed = options.Seed ?? suite.Seed;
        var limit = options.Limit ?? suite.Limit;
        var card = datasets.GetCard(suite.Dataset);
        var dataset = datasets.Load(card, new DatasetLoadOptions { Split = suite.Split, Limit = limit, Seed = seed });
        var configuration = Fingerprint(suite, seed, limit, options.Shard);
        var runDirectory = options.OutputDirectory ?? FindUnfinishedRun(suite.Name, configuration, options.Fresh) ?? NewRunDirectory(suite.Name);

        using var store = ResultStore.Open(runDirectory);
        var info = store.GetMeta<RunInfo>(InfoKey);
        if (info is not null)
        {
            logger.LogInformation("Resuming run {RunId}: {Done} results already stored", info.RunId, store.CompletedKeys().Count);
        }
        info ??= new RunInfo
        {
            RunId = Path.GetFileName(Path.TrimEndingDirectorySeparator(runDirectory)),
            Suite = suite.Name,
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
        info = info with { SupportScorer = metricProvider.SupportScorer(suite) };
        store.SetMeta(InfoKey, info);
        store.SetMeta(ConfigurationKey, configuration);
        if (options.Shard is { } shard)
        {
            store.SetMeta(ShardKey, new ShardRecord(shard, Fingerprint(suite, seed, limit, shard: null), SuitePath(suite), [.. dataset.Cases.Select(c => c.Id)]));
            dataset = dataset with { Cases = shard.Select(dataset.Cases, seed) };
        }
        store.SaveCasesIfAbsent(dataset.Cases);
        var cases = store.LoadCases();

        var metric = metricProvider.Resolve(suite, dataset.Corpus);
        using var ownedMetric = metric as IDisposable;
        await using var pipelines = await pipelineFactory.CreateAsync(suite, dataset, options, cancellationToken).ConfigureAwait(false);
        var environment = EnvironmentCapture.Capture(pipelines.Threads, pipelines.NativeLibrary, pipelines.Backend, pipelines.Models);
        store.SetMeta(EnvironmentKey, environment);
        store.SetMeta(PipelinesKey, pipelines.Infos);
        store.SetMeta(TrainingKey, pipelines.Trainings);
        store.SetMeta(MetricsKey, metric.Descriptors);

        var loop = new CaseLoop(store, new CaseScorer(metric, dataset.Corpus, suite.Labels), options.Parallel, options.WarmUpCases);
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
        run = await SummarizeAsync(run, metric, dataset, suite, cancellationToken).ConfigureAwait(false);
        store.SetMeta(MetricsKey, run.Metrics);
        store.SetMeta(SummaryKey, run.Summary);
        store.SetMeta(InfoKey, run.Info);
        return new CompletedRun(runDirectory, run);
    }

    /// <summary>
    /// Per-case metrics are averaged with their CIs; corpus metrics (corpus BLEU) are computed over each
    /// pipeline's cases; a suite that asks for the cost family gets each pipeline's totals and set-up costs.
    /// </summary>
    public static async Task<RunResult> SummarizeAsync(RunResult run, IMetric metric, Data.Dataset dataset, SuiteDefinition suite, CancellationToken cancellationToken)
    {
        var summary = MetricSummaries.Compute(run.Results, run.Metrics, run.Info.Seed);
        if (metric is ICorpusMetric { CorpusDescriptors.Count: > 0 } corpusMetric)
        {
            var corpusSummary = await CorpusMetricSummaries.ComputeAsync(corpusMetric, run, dataset.Corpus, suite.Labels, run.Info.Seed, cancellationToken).ConfigureAwait(false);
            run = run with { Metrics = [.. run.Metrics, .. corpusMetric.CorpusDescriptors] };
            summary = [.. summary, .. corpusSummary];
        }
        if (run.Metrics.Any(m => m.Family == PipelineCosts.Family))
        {
            run = run with { Metrics = [.. run.Metrics, .. PipelineCosts.Descriptors(suite.Cost)] };
            summary = [.. summary, .. PipelineCosts.Summaries(run, suite.Cost, run.Info.PeakRssBytes)];
        }
        return run with { Summary = summary };
    }

    /// <summary>The process's peak resident set size: VmHWM on Linux, the peak working set elsewhere.</summary>
    private static long PeakRss()
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return process.PeakWorkingSet64;
    }

    /// <summary>Stores a run's gate verdicts with it, so a report written later from the directory shows them.</summary>
    public static void StoreGates(string runDirectory, IReadOnlyList<GateResult> gates)
    {
        using var store = ResultStore.Open(runDirectory);
        store.SetMeta(GatesKey, gates);
    }

    /// <summary>The shard record of a run made with --shard, or null for a whole run.</summary>
    public static ShardRecord? LoadShard(string runDirectory)
    {
        using var store = ResultStore.Open(runDirectory);
        return store.GetMeta<ShardRecord>(ShardKey);
    }

    /// <summary>Writes a whole run assembled elsewhere (merged shards) into a new run directory, as <see cref="RunAsync"/> would have.</summary>
    public static void Save(string runDirectory, RunResult run, string configuration)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (ResultStore.Exists(runDirectory))
        {
            throw new IOException($"'{runDirectory}' already holds a run - pass --out a new folder");
        }
        using var store = ResultStore.Open(runDirectory);
        store.SetMeta(InfoKey, run.Info);
        store.SetMeta(ConfigurationKey, configuration);
        store.SetMeta(EnvironmentKey, run.Environment);
        store.SetMeta(PipelinesKey, run.Pipelines);
        store.SetMeta(TrainingKey, run.Training);
        store.SetMeta(MetricsKey, run.Metrics);
        store.SetMeta(SummaryKey, run.Summary);
        store.SaveCasesIfAbsent(run.Cases);
        foreach (var result in run.Results)
        {
            store.SaveResult(result);
        }
    }

    /// <summary>Stores a run's metric list and summary computed after its results were stored (merged shards).</summary>
    public static void StoreSummary(string runDirectory, RunResult run)
    {
        ArgumentNullException.ThrowIfNull(run);
        using var store = ResultStore.Open(runDirectory);
        store.SetMeta(MetricsKey, run.Metrics);
        store.SetMeta(SummaryKey, run.Summary);
    }

    /// <summary>Reads a finished run back from its directory (for reports, baselines and comparisons).</summary>
    public static RunResult Load(string runDirectory)
    {
        if (!ResultStore.Exists(runDirectory))
        {
            throw new DirectoryNotFoundException($"'{runDirectory}' holds no run ({ResultStore.FileName} is missing) - pass a directory made by 'harness run'");
        }
        using var store = ResultStore.Open(runDirectory);
        var info = store.GetMeta<RunInfo>(InfoKey) ?? throw new InvalidDataException($"'{runDirectory}' has no run record - the run never started");
        var metrics = store.GetMeta<List<MetricDescriptor>>(MetricsKey) ?? [];
        var results = store.LoadResults();
        return new RunResult
        {
            Info = info,
            Environment = store.GetMeta<RunEnvironment>(EnvironmentKey) ?? throw new InvalidDataException($"'{runDirectory}' has no environment record - the run stopped before its pipelines were built"),
            Pipelines = store.GetMeta<List<PipelineInfo>>(PipelinesKey) ?? [],
            Cases = store.LoadCases(),
            Results = results,
            Metrics = metrics,
            Summary = store.GetMeta<List<MetricSummary>>(SummaryKey) ?? MetricSummaries.Compute(results, metrics, info.Seed),
            Gates = store.GetMeta<List<GateResult>>(GatesKey) ?? [],
            Training = store.GetMeta<List<TrainingRecord>>(TrainingKey) ?? [],
        };
    }

    private static SuiteDefinition SelectPipelines(SuiteDefinition suite, IReadOnlyList<string> names)
    {
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
        return suite with { Pipelines = [.. suite.Pipelines.Where(p => names.Contains(p.Name))] };
    }

    /// <summary>
    /// What makes two runs the same run: the suite file's text, the effective seed and limit, the pipelines
    /// and the shard (a whole run's fingerprint has no shard line, so it is the same as before shards existed).
    /// </summary>
    public static string Fingerprint(SuiteDefinition suite, int seed, int limit, Shard? shard)
    {
        ArgumentNullException.ThrowIfNull(suite);
        var text = new StringBuilder(File.ReadAllText(suite.SourcePath))
            .Append(CultureInfo.InvariantCulture, $"\nseed={seed}\nlimit={limit}\npipelines={string.Join(',', suite.Pipelines.Select(p => p.Name))}");
        if (shard is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"\nshard={shard}");
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>The suite file relative to the repository when it lies inside it, so shards run in different checkouts agree.</summary>
    private static string SuitePath(SuiteDefinition suite)
    {
        var relative = Path.GetRelativePath(RepositoryPaths.Root, Path.GetFullPath(suite.SourcePath));
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? Path.GetFullPath(suite.SourcePath) : relative.Replace('\\', '/');
    }

    private static string? FindUnfinishedRun(string suiteName, string configuration, bool fresh)
    {
        if (fresh || !Directory.Exists(RepositoryPaths.Results) || !PathGuard.IsSafeName(suiteName))
        {
            return null;
        }
        foreach (var directory in Directory.GetDirectories(RepositoryPaths.Results, suiteName + "-*").OrderDescending(StringComparer.Ordinal))
        {
            if (!ResultStore.Exists(directory))
            {
                continue;
            }
            using var store = ResultStore.Open(directory);
            if (store.GetMeta<string>(ConfigurationKey) == configuration && store.GetMeta<RunInfo>(InfoKey) is { FinishedAt: null })
            {
                return directory;
            }
        }
        return null;
    }

    private static string NewRunDirectory(string suiteName) =>
        PathGuard.Resolve(RepositoryPaths.Results, $"{suiteName}-{DateTime.UtcNow.ToString("yyyyMMdd-HHmmss-fff", CultureInfo.InvariantCulture)}", $"suite '{suiteName}': run folder");
}
