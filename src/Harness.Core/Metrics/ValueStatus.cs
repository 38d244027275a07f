namespace Harness.Core.Metrics;

/// <summary>The status every score carries: a value is only aggregated when it is <see cref="Ok"/>.</summary>
public enum ValueStatus
{
    Ok,
    /// <summary>The metric does not apply or cannot decide (no gold evidence, an abstaining answer).</summary>
    Inconclusive,
    /// <summary>The pipeline or the metric failed for this case; never counted as a pass.</summary>
    Error,
}
