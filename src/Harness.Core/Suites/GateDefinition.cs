namespace Harness.Core.Suites;

/// <summary>
/// A quality gate as declared; verdicts (pass, fail, inconclusive) come from the gate evaluator, and
/// names from <see cref="Gates.GateNames"/>. A strict gate counts inconclusive as fail.
/// </summary>
public abstract record GateDefinition
{
    public bool Strict { get; init; }
}

/// <summary>A metric's 95% CI must lie above <see cref="Min"/> and/or below <see cref="Max"/>; on one pipeline, or on each when null.</summary>
public sealed record ThresholdGateDefinition(string Metric, string? Pipeline, double? Min, double? Max) : GateDefinition;

/// <summary>Pipeline <see cref="Better"/> must beat <see cref="Worse"/> on a metric by more than <see cref="Margin"/> (paired on cases).</summary>
public sealed record CompareGateDefinition(string Metric, string Better, string Worse, double Margin) : GateDefinition;

/// <summary>
/// No metric may get worse than the stored baseline (results/baselines/&lt;suite&gt;.json) by more than
/// <see cref="Margin"/> (ratio metrics) or <see cref="RelativeMargin"/> of the baseline's mean (metrics with a unit: latency, cost).
/// </summary>
public sealed record RegressionGateDefinition(double Margin, IReadOnlyList<string> Metrics) : GateDefinition
{
    public double RelativeMargin { get; init; } = Gates.RegressionGate.DefaultRelativeMargin;
}

/// <summary>At most this share of cases (import errors, failed generations, metric errors) may be in error.</summary>
public sealed record ErrorBudgetGateDefinition(double MaxErrorRate) : GateDefinition;
