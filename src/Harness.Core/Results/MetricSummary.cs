namespace Harness.Core.Results;

/// <summary>
/// The aggregate of one metric over one pipeline's cases: the mean of the ok values with its 95%
/// confidence interval (<see cref="Interval"/> says how it was computed), and the counts that explain
/// it. Latency metrics add percentiles.
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

    /// <summary>The <see cref="Interval"/> of a summary that is one measurement, not an estimate (a run aggregate: <see cref="Metrics.IRunAggregateMetric"/>).</summary>
    public const string Measured = "measured";

    /// <summary>How the CI was computed: "clopper-pearson", "bca-bootstrap", "bca-case-bootstrap" (corpus metrics) or <see cref="Measured"/>.</summary>
    public string? Interval { get; init; }

    /// <summary>Fewer ok values than the minimum n (10 by default): the report and summary.csv flag the row.</summary>
    public bool SmallSample { get; init; }
}
