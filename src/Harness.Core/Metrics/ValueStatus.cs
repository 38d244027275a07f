namespace Harness.Core.Metrics;

/// <summary>The status every score carries: a value is only aggregated when it is <see cref="Ok"/>.</summary>
public enum ValueStatus
{
    Ok,
    /// <summary>The metric applies but cannot decide (no gold evidence, an abstaining answer).</summary>
    Inconclusive,
    /// <summary>The pipeline or the metric failed for this case; never counted as a pass.</summary>
    Error,
    /// <summary>
    /// The metric does not apply to this answer (faithfulness of an answer that is only a label):
    /// counted and shown, but left out of aggregates and gates like a case without the metric.
    /// </summary>
    NotApplicable,
}
