using Harness.Core.Data;
using Harness.Core.Gates;
using Harness.Core.Labels;
using Harness.Core.Metrics;

namespace Harness.Core.Results;

/// <summary>A whole run, as reports and gates read it: cases, per-case results, aggregates and verdicts.</summary>
public sealed record RunResult
{
    public required RunInfo Info { get; init; }
    public required RunEnvironment Environment { get; init; }
    public required IReadOnlyList<PipelineInfo> Pipelines { get; init; }
    public required IReadOnlyList<EvalCase> Cases { get; init; }
    public required IReadOnlyList<CaseResult> Results { get; init; }
    public required IReadOnlyList<MetricDescriptor> Metrics { get; init; }
    public required IReadOnlyList<MetricSummary> Summary { get; init; }
    public IReadOnlyList<GateResult> Gates { get; init; } = [];
    /// <summary>Models the run fine-tuned (or reused from the cache) for 'train:' pipelines, with their cost and loss curves.</summary>
    public IReadOnlyList<TrainingRecord> Training { get; init; } = [];
    /// <summary>The suite's human labels this run used, and the prediction-powered estimates they carry; null when the suite has none.</summary>
    public RunLabels? Labels { get; init; }
    /// <summary>How the variants of the suite's sweeps were chosen on the selection cases, or null for a suite without sweeps.</summary>
    public SelectionRecord? Selection { get; init; }
}
