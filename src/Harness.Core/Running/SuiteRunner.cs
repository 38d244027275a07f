using System.Globalization;
using System.Text;
using Harness.Core.Datasets;
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
/// intervals. A run whose configuration matches an unfinished run in <paramref name="runs"/> resumes it.
/// </summary>
public sealed class SuiteRunner(IPipelineFactory pipelineFactory, IMetricProvider metricProvider, DatasetCatalog datasets, RunRepository runs, ILogger logger)
{
    public async Task<CompletedRun> RunAsync(SuiteDefinition suite, RunOptions options, IProgress<RunProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(suite);
        ArgumentNullException.ThrowIfNull(options);
        suite = SelectPipelines(suite, options.Pipelines);
        var seed = options.Seed ?? suite.Seed;
        var limit = options.Limit ?? suite.Limit;
        var card = datasets.GetCard(suite.Dataset);
        var dataset = datasets.Load(card, new DatasetLoadOptions { Split = suite.Split, Limit = limit, Seed = seed });
        var configuration = Fingerprint(suite, seed, limit, options.Shard, options.CpuVariant);
        var runDirectory = options.OutputDirectory
            ?? (options.Fresh ? null : runs.FindUnfinished(suite.Name, configuration))
            ?? runs.NewRunDirectory(suite.Name);

        using var store = ResultStore.Open(runDirectory);
        var info = RunRepository.StartedRun(store);
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
        info = info with { SupportScorer = metricProvider.SupportScorer(suite), SuitePath = SuitePath(suite), SuiteSha256 = Hashing.OfFile(suite.SourcePath) };
        var shard = options.Shard is { } part
            ? new ShardRecord(part, Fingerprint(suite, seed, limit, shard: null, options.CpuVariant), SuitePath(suite), [.. dataset.Cases.Select(c => c.Id)])
            : null;
        RunRepository.RecordStart(store, info, configuration, shard);
        if (shard is not null)
        {
            dataset = dataset with { Cases = shard.Shard.Select(dataset.Cases, seed) };
        }
        store.SaveCasesIfAbsent(dataset.Cases);
        var cases = store.LoadCases();

        var metric = metricProvider.Resolve(suite, dataset.Corpus);
        using var ownedMetric = metric as IDisposable;
        await using var pipelines = await pipelineFactory.CreateAsync(suite, dataset, options, cancellationToken).ConfigureAwait(false);
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
        return new CompletedRun(runDirectory, run);
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
    /// What makes two runs the same run: the suite file's text, the effective seed and limit, the pipelines,
    /// the shard and the CPU variant (lines for a shard or a variant are left out when there is none, so a
    /// fingerprint without them is the same as before they existed).
    /// </summary>
    public static string Fingerprint(SuiteDefinition suite, int seed, int limit, Shard? shard, string? cpuVariant)
    {
        ArgumentNullException.ThrowIfNull(suite);
        var text = new StringBuilder(File.ReadAllText(suite.SourcePath))
            .Append(CultureInfo.InvariantCulture, $"\nseed={seed}\nlimit={limit}\npipelines={string.Join(',', suite.Pipelines.Select(p => p.Name))}");
        if (shard is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"\nshard={shard}");
        }
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
