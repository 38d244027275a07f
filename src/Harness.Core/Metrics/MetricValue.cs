namespace Harness.Core.Metrics;

/// <summary>
/// One metric's value for one case. <see cref="Value"/> is null unless the status is ok, so no NaN
/// ever reaches an aggregate; <see cref="Diagnostic"/> says why a value is inconclusive or in error.
/// </summary>
public sealed record MetricValue(string MetricId, double? Value, ValueStatus Status, string? Diagnostic = null)
{
    /// <summary>The judged claims behind the value (the faithfulness value carries them; null elsewhere).</summary>
    public IReadOnlyList<ClaimJudgement>? Claims { get; init; }

    public static MetricValue Ok(string metricId, double value) =>
        double.IsFinite(value)
            ? new(metricId, value, ValueStatus.Ok)
            : new(metricId, null, ValueStatus.Error, $"non-finite value {value}");

    public static MetricValue Inconclusive(string metricId, string reason) => new(metricId, null, ValueStatus.Inconclusive, reason);

    public static MetricValue Error(string metricId, string reason) => new(metricId, null, ValueStatus.Error, reason);

    public static MetricValue NotApplicable(string metricId, string reason) => new(metricId, null, ValueStatus.NotApplicable, reason);
}
