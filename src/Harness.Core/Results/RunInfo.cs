using Harness.Core.Running.Sharding;

namespace Harness.Core.Results;

/// <summary>The identity and settings of a run.</summary>
public sealed record RunInfo
{
    public required string RunId { get; init; }
    public required string Suite { get; init; }
    /// <summary>The suite's <c>description:</c>, shown under the report's title; null when it has none.</summary>
    public string? Description { get; init; }
    /// <summary>The suite file, relative to the repository when inside it (its labels live beside it: <see cref="Labels.LabelFile"/>).</summary>
    public string? SuitePath { get; init; }
    /// <summary>sha256 of the suite file's text when the run started.</summary>
    public string? SuiteSha256 { get; init; }
    public required string Dataset { get; init; }
    public string? Domain { get; init; }
    public string? DatasetHash { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    /// <summary>Seed of the case sample and of every bootstrap resample.</summary>
    public int Seed { get; init; }
    public int? Limit { get; init; }
    public string CacheMode { get; init; } = "replay";
    /// <summary>The headline metric the report leads with (the suite says which).</summary>
    public string? HeadlineMetric { get; init; }
    /// <summary>The process's peak resident memory when the run finished (it ran every pipeline), in bytes.</summary>
    public long? PeakRssBytes { get; init; }
    /// <summary>The scorer behind faithfulness and hallucination, with its calibration; null when the suite measures neither.</summary>
    public SupportScorerInfo? SupportScorer { get; init; }
    /// <summary>Which shard of the cases this run holds ('harness run --shard i/n'); null for a whole run.</summary>
    public Shard? Shard { get; init; }
}
