using System.Globalization;
using Harness.Core.Gates;
using Harness.Core.Metrics;
using Harness.Core.Results;

namespace Harness.Reporting;

/// <summary>Numbers and verdicts as people read them in reports: the metric's own format, invariant culture.</summary>
public static class DisplayFormat
{
    public static string Value(double? value, string format = "0.000") =>
        value is { } number ? number.ToString(format, CultureInfo.InvariantCulture) : "–";

    public static string Interval(double? low, double? high, string format = "0.000") =>
        low is null || high is null ? "–" : $"[{Value(low, format)}, {Value(high, format)}]";

    /// <summary>Marks a summary of fewer ok values than the minimum n; the table's note explains it.</summary>
    public const string SmallSampleMark = " †";

    public const string SmallSampleNote = "† fewer than 10 ok values: the interval is a rough guide.";

    public static string MeanWithInterval(MetricSummary summary, MetricDescriptor metric)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(metric);
        return summary.Mean is null
            ? "–"
            : $"{Value(summary.Mean, metric.Format)} {Interval(summary.CiLow, summary.CiHigh, metric.Format)}{(summary.SmallSample ? SmallSampleMark : "")}";
    }

    public static string Verdict(GateVerdict verdict) => verdict switch
    {
        GateVerdict.Pass => "pass",
        GateVerdict.Fail => "fail",
        GateVerdict.Inconclusive => "inconclusive",
        _ => throw new ArgumentOutOfRangeException(nameof(verdict), verdict, "unknown gate verdict"),
    };

    public static string Date(DateTimeOffset date) =>
        date.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
