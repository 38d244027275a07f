using Harness.Core.Statistics;

namespace Harness.Core.Labels;

/// <summary>
/// The suite's human labels as a run used them: those whose claim the run has (<see cref="Matched"/>), those
/// whose claim it no longer has (<see cref="Stale"/>: the answer or its evidence changed; reported, never used),
/// and the estimates they carry per pipeline × metric.
/// </summary>
public sealed record RunLabels(string File, IReadOnlyList<ClaimLabel> Matched, IReadOnlyList<ClaimLabel> Stale)
{
    public IReadOnlyList<LabelledEstimate> Estimates { get; init; } = [];

    public LabelledEstimate? Find(string pipeline, string metricId) =>
        Estimates.FirstOrDefault(e => e.Pipeline == pipeline && e.MetricId == metricId);
}

/// <summary>
/// One faithfulness or hallucination aggregate three ways: <see cref="PredictionPowered"/> (the scorer on all
/// <see cref="Judged"/> cases rectified by the <see cref="Labelled"/> ones: what summaries and gates use),
/// <see cref="LabelsOnly"/> (the classical interval of people's values alone) and <see cref="ScorerOnly"/>
/// (the scorer's own interval, uncalibrated: it says nothing about agreement with people).
/// </summary>
public sealed record LabelledEstimate(
    string Pipeline,
    string MetricId,
    int Labelled,
    int Judged,
    ConfidenceInterval PredictionPowered,
    ConfidenceInterval? LabelsOnly,
    string LabelsOnlyMethod,
    ConfidenceInterval? ScorerOnly,
    string? ScorerOnlyMethod)
{
    /// <summary>
    /// People's value of the metric on each labelled case, by case id: what a paired gate rectifies the scorer's
    /// per-case differences with when both sides are labelled on the same cases (<see cref="Gates.PairedGate"/>).
    /// </summary>
    public IReadOnlyDictionary<string, double> People { get; init; } = new Dictionary<string, double>();
}
