using Harness.Core.Labels;
using Harness.Core.Metrics;
using Harness.Core.Results;

namespace Harness.Core.Baselines;

/// <summary>
/// A run kept as the reference for regression gates (<c>results/baselines/&lt;suite&gt;.json</c>): its
/// identity, environment (model files and hashes) and dataset hash, and every case's metric values
/// so later runs can be paired with it case by case. Pipeline outputs (answers, prompts) are left
/// out: a baseline is committed to the repository and stays small.
/// </summary>
public sealed record Baseline
{
    /// <summary>The layout of this file (<see cref="FormatVersions.Baseline"/>); the loader checks it before anything else.</summary>
    public int FormatVersion { get; init; } = FormatVersions.Baseline;
    public required DateTimeOffset SavedAt { get; init; }
    public required RunInfo Info { get; init; }
    public required RunEnvironment Environment { get; init; }
    public required IReadOnlyList<PipelineInfo> Pipelines { get; init; }
    public required IReadOnlyList<MetricDescriptor> Metrics { get; init; }
    public required IReadOnlyList<MetricSummary> Summary { get; init; }
    public required IReadOnlyList<CaseResult> Results { get; init; }
    /// <summary>
    /// The human labels' estimates of the baseline run, with people's value per labelled case, so a regression
    /// check of a run labelled on the same cases is prediction-powered; the labelled claims themselves stay out,
    /// like the outputs. Absent in a baseline of an unlabelled run (and in those saved before labels existed).
    /// </summary>
    public RunLabels? Labels { get; init; }

    public string Suite => Info.Suite;

    public static Baseline FromRun(RunResult run, DateTimeOffset savedAt)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new Baseline
        {
            SavedAt = savedAt,
            Info = run.Info,
            Environment = run.Environment,
            Pipelines = run.Pipelines,
            Metrics = run.Metrics,
            Summary = run.Summary,
            Results = run.Results.Select(r => r with { Output = null }).ToArray(),
            Labels = run.Labels is { } labels ? labels with { Matched = [], Stale = [] } : null,
        };
    }

    /// <summary>The baseline as a run that gates and comparisons read; it has no case texts.</summary>
    public RunResult ToRunResult() => new()
    {
        Info = Info,
        Environment = Environment,
        Pipelines = Pipelines,
        Cases = [],
        Results = Results,
        Metrics = Metrics,
        Summary = Summary,
        Labels = Labels,
    };
}
