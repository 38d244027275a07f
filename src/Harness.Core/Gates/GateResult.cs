namespace Harness.Core.Gates;

/// <summary>
/// The verdict of one gate, with a sentence naming it ("medical-covidqa / rag-bm25 / recall@5 ≥ 0.60")
/// and the evidence (value, 95% CI, threshold, n, the case that hurt most).
/// </summary>
public sealed record GateResult(string Name, GateVerdict Verdict, string Message)
{
    public string? Pipeline { get; init; }
    public string? MetricId { get; init; }
    /// <summary>The mean (threshold gates), or the difference current − reference (comparison and regression gates).</summary>
    public double? Value { get; init; }
    public double? CiLow { get; init; }
    public double? CiHigh { get; init; }
    /// <summary>The bound (threshold gates), the raw difference to beat (comparisons: ±margin), the raw difference not to cross (regressions: ∓margin), or the error budget.</summary>
    public double? Threshold { get; init; }
    public int N { get; init; }

    public GateKind Kind { get; init; }
    /// <summary>Position of the gate in its suite's gate list; a regression gate yields one result per pipeline × metric it checks.</summary>
    public int GateIndex { get; init; }
    /// <summary>The other pipeline of a comparison ("rag beats closed-book": closed-book), or "baseline".</summary>
    public string? Reference { get; init; }
    public double? PValue { get; init; }
    /// <summary>Holm-adjusted across every paired comparison the suite's gates made in one evaluation.</summary>
    public double? AdjustedPValue { get; init; }
    /// <summary>The case that hurt the verdict most, as "id (source file:line)".</summary>
    public string? WorstCase { get; init; }
    /// <summary>The smallest effect the gate's n cases detect (α = 0.05, power 0.8).</summary>
    public double? MinimumDetectableEffect { get; init; }
    /// <summary>Cases needed to decide an inconclusive gate, when a finite number would.</summary>
    public int? RequiredN { get; init; }
    /// <summary>
    /// The cases with human labels (for a paired gate: labelled in both) its prediction-powered verdict rests on; null when it
    /// rests on the scorer alone. People's labels keep such a verdict valid whatever the scorer, so it needs no calibration.
    /// </summary>
    public int? Labelled { get; init; }
    /// <summary>Why an inconclusive gate did not decide, as one of <see cref="InconclusiveReasons"/>; null when it decided.</summary>
    public string? InconclusiveReason { get; init; }
}
