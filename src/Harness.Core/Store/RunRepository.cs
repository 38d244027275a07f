using System.Globalization;
using Harness.Core.Gates;
using Harness.Core.Metrics;
using Harness.Core.Results;
using Harness.Core.Running;
using Harness.Core.Running.Sharding;
using Harness.Core.Statistics;

namespace Harness.Core.Store;

/// <summary>
/// Where runs are kept (one folder per run under <see cref="Root"/>) and what a run's store holds besides
/// its case results: the records the runner writes as it goes, the gate verdicts written after it, the
/// search for an unfinished run to resume, and reading a finished run back for reports, baselines and comparisons.
/// </summary>
/// <param name="root">The results folder (<see cref="RepositoryPaths.Results"/> unless the caller says otherwise).</param>
public sealed class RunRepository(string root)
{
    private const string InfoKey = "info";
    // The run's RunConfiguration, item by item (stores from before it record a bare hash under "configuration", never resumed).
    private const string ConfigurationKey = "runConfiguration";
    private const string EnvironmentKey = "environment";
    private const string PipelinesKey = "pipelines";
    private const string MetricsKey = "metrics";
    private const string SummaryKey = "summary";
    private const string GatesKey = "gates";
    private const string TrainingKey = "training";
    private const string ShardKey = "shard";
    private const string LabelsKey = "labels";
    private const string SelectionKey = "selection";

    // A run folder is named <suite>-<UTC start time in this format>, so names sort by time.
    private const string StartTimeFormat = "yyyyMMdd-HHmmss-fff";

    public string Root { get; } = root;

    /// <summary>The suite's run folders that hold a store, newest first.</summary>
    public IReadOnlyList<string> Runs(string suiteName)
    {
        if (!Directory.Exists(Root) || !PathGuard.IsSafeName(suiteName))
        {
            return [];
        }
        return [.. Directory.GetDirectories(Root, suiteName + "-*")
            .Where(directory => IsStartTime(Path.GetFileName(directory)[(suiteName.Length + 1)..]) && ResultStore.Exists(directory))
            .OrderDescending(StringComparer.Ordinal)];
    }

    /// <summary>
    /// The newest unfinished run of the suite with this configuration, with no difference; else the newest unfinished
    /// run with the first item in which it differs (so the caller can say why it starts a new run); null when none of
    /// the suite's runs is unfinished.
    /// </summary>
    public UnfinishedRun? FindUnfinished(string suiteName, RunConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        UnfinishedRun? newestOther = null;
        foreach (var directory in Runs(suiteName))
        {
            using var store = ResultStore.Open(directory);
            if (store.GetMeta<RunInfo>(InfoKey) is not { FinishedAt: null })
            {
                continue;
            }
            var difference = Difference(configuration, store);
            if (difference is null)
            {
                return new UnfinishedRun(directory, null);
            }
            newestOther ??= new UnfinishedRun(directory, difference);
        }
        return newestOther;
    }

    /// <summary>How a stored run's configuration differs from <paramref name="configuration"/> (its own value second), or null when it is the same.</summary>
    internal static string? Difference(RunConfiguration configuration, ResultStore store) =>
        store.GetMeta<RunConfiguration>(ConfigurationKey) is { } recorded
            ? configuration.Difference(recorded)
            : "configuration, which it did not record item by item (an older harness started it)";

    /// <summary>A new folder name for a run of the suite: &lt;suite&gt;-&lt;UTC start time&gt;.</summary>
    public string NewRunDirectory(string suiteName) =>
        PathGuard.Resolve(Root, $"{suiteName}-{DateTime.UtcNow.ToString(StartTimeFormat, CultureInfo.InvariantCulture)}", $"suite '{suiteName}': run folder");

    /// <summary>Stores a run's gate verdicts with it, so a report written later from the directory shows them.</summary>
    public static void SaveGates(string runDirectory, IReadOnlyList<GateResult> gates)
    {
        using var store = ResultStore.Open(runDirectory);
        store.SetMeta(GatesKey, gates);
    }

    /// <summary>Stores the human labels a run used and the summary they made prediction-powered (<see cref="Labels.HumanLabelling"/>).</summary>
    public static void SaveLabels(string runDirectory, RunResult run)
    {
        ArgumentNullException.ThrowIfNull(run);
        using var store = ResultStore.Open(runDirectory);
        store.SetMeta(SummaryKey, run.Summary);
        store.SetMeta(LabelsKey, run.Labels);
    }

    /// <summary>The shard record of a run made with --shard, or null for a whole run.</summary>
    public static ShardRecord? LoadShard(string runDirectory)
    {
        using var store = ResultStore.Open(runDirectory);
        return store.GetMeta<ShardRecord>(ShardKey);
    }

    /// <summary>The record of the run in this store, or null when none has started here.</summary>
    internal static RunInfo? StartedRun(ResultStore store) => store.GetMeta<RunInfo>(InfoKey);

    /// <summary>What a run records as it starts (and again on resume): its record, its configuration (none for merged shards, which are never resumed) and, for a shard, which shard it is.</summary>
    internal static void RecordStart(ResultStore store, RunInfo info, RunConfiguration? configuration, ShardRecord? shard)
    {
        store.SetMeta(InfoKey, info);
        if (configuration is not null)
        {
            store.SetMeta(ConfigurationKey, configuration);
        }
        if (shard is not null)
        {
            store.SetMeta(ShardKey, shard);
        }
    }

    /// <summary>What a run records once its pipelines are built: the machine, the pipelines, their training and the metrics to compute.</summary>
    internal static void RecordSetup(
        ResultStore store, RunEnvironment environment, IReadOnlyList<PipelineInfo> pipelines, IReadOnlyList<TrainingRecord> training, IReadOnlyList<MetricDescriptor> metrics)
    {
        store.SetMeta(EnvironmentKey, environment);
        store.SetMeta(PipelinesKey, pipelines);
        store.SetMeta(TrainingKey, training);
        store.SetMeta(MetricsKey, metrics);
    }

    /// <summary>What a run with sweeps records once its variants are chosen: every variant's selection score and the choice.</summary>
    internal static void RecordSelection(ResultStore store, SelectionRecord selection) => store.SetMeta(SelectionKey, selection);

    /// <summary>What a run records when its results are summarised: the metrics, their summary and the finished record.</summary>
    internal static void RecordSummary(ResultStore store, RunResult run)
    {
        store.SetMeta(MetricsKey, run.Metrics);
        store.SetMeta(SummaryKey, run.Summary);
        store.SetMeta(InfoKey, run.Info);
    }

    /// <summary>Writes a whole run assembled elsewhere (merged shards) into a new run directory, as the runner would have; it is finished, so it records no configuration to resume under.</summary>
    public static void Save(string runDirectory, RunResult run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (ResultStore.Exists(runDirectory))
        {
            throw new IOException($"'{runDirectory}' already holds a run - pass --out a new folder");
        }
        using var store = ResultStore.Open(runDirectory);
        RecordStart(store, run.Info, configuration: null, shard: null);
        RecordSetup(store, run.Environment, run.Pipelines, run.Training, run.Metrics);
        store.SaveCasesIfAbsent(run.Cases);
        foreach (var result in run.Results)
        {
            store.SaveResult(result);
        }
        if (run.Selection is { } selection)
        {
            RecordSelection(store, selection);
        }
        RecordSummary(store, run);
    }

    /// <summary>Stores a run's metric list and summary computed after its results were stored (merged shards).</summary>
    public static void SaveSummary(string runDirectory, RunResult run)
    {
        ArgumentNullException.ThrowIfNull(run);
        using var store = ResultStore.Open(runDirectory);
        RecordSummary(store, run);
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
            Labels = store.GetMeta<Labels.RunLabels>(LabelsKey),
            Selection = store.GetMeta<SelectionRecord>(SelectionKey),
        };
    }

    // Another suite's name can start with this one's ("smoke" and "smoke-extra"); its folders do not end in a bare start time.
    private static bool IsStartTime(string text) =>
        DateTime.TryParseExact(text, StartTimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
}

/// <summary>An unfinished run folder of a suite, and the first configuration item in which it differs from the run being started (null: none, so it is resumed).</summary>
public sealed record UnfinishedRun(string Directory, string? Difference);
