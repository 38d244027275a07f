namespace Harness.Core.Gates;

/// <summary>What a gate checks.</summary>
public enum GateKind
{
    /// <summary>A metric's CI against a min and/or max bound.</summary>
    Threshold,
    /// <summary>One pipeline must beat another on a metric, paired on shared cases.</summary>
    Comparison,
    /// <summary>The run must not be worse than its baseline by more than a margin (non-inferiority).</summary>
    Regression,
    /// <summary>At most a share of case results may be in error.</summary>
    ErrorBudget,
}
