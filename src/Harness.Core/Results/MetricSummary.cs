namespace Harness.Core.Results;

/// <summary>
/// The aggregate of one metric over one pipeline's cases: the mean of the ok values with its 95%
/// bootstrap confidence interval, and the counts that explain it. Latency metrics add percentiles.
/// </summary>
public sealed record MetricSummary(
    string Pipeline,
    string MetricId,
    double? Mean,
    double? CiLow,
    double? CiHigh,
    int N,
    int NInconclusive,
    int NError)
{
    public double? P50 { get; init; }
    public double? P95 { get; init; }
    public double? P99 { get; init; }
}
