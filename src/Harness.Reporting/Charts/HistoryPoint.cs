namespace Harness.Reporting.Charts;

/// <summary>One past run's aggregate of one metric in one pipeline, for the trend chart.</summary>
public sealed record HistoryPoint(
    string RunId,
    DateTimeOffset StartedAt,
    string Pipeline,
    string MetricId,
    double Mean,
    double? CiLow = null,
    double? CiHigh = null);
