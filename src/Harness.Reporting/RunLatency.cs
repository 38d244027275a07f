using System.Globalization;
using Harness.Core.Metrics;
using Harness.Core.Results;

namespace Harness.Reporting;

/// <summary>
/// A run's latency as every report reads it (summary.md, the console, the charts): the latency metric's values and
/// their summaries, never the outputs' raw timings. So warm-up cases are left out everywhere, an answer replayed from
/// the generation cache counts with the latency recorded when it was generated, and one replayed from an entry that
/// kept no timings counts nowhere; <see cref="ReplayNote"/> says which of these a run holds.
/// </summary>
public static class RunLatency
{
    /// <summary>The latency metric of a whole answer.</summary>
    public const string TotalId = "latency_total_ms";

    /// <summary>The pipeline's ok values of one latency metric, in case order.</summary>
    public static IReadOnlyList<double> Values(RunResult run, string pipeline, string metricId) =>
        [.. LatencyResults(run, pipeline, metricId).Select(r => r.Find(metricId)!.Value!.Value)];

    /// <summary>
    /// The pipeline's median total latency in ms as a table cell: "–" when no answer has one, marked as
    /// <see cref="RecordedMark"/> says when replayed answers report their recorded latency.
    /// </summary>
    public static string MedianTotalCell(RunResult run, string pipeline) => TotalCell(run, pipeline, MedianTotal(run, pipeline));

    /// <summary>The pipeline's 95th-percentile total latency in ms as a table cell, marked like <see cref="MedianTotalCell"/>.</summary>
    public static string P95TotalCell(RunResult run, string pipeline) => TotalCell(run, pipeline, P95Total(run, pipeline));

    /// <summary>The pipeline's median total latency in ms (the summary's p50), or null when no answer has one.</summary>
    public static double? MedianTotal(RunResult run, string pipeline) => TotalSummary(run, pipeline)?.P50;

    /// <summary>The pipeline's 95th-percentile total latency in ms (the summary's p95), or null when no answer has one.</summary>
    public static double? P95Total(RunResult run, string pipeline) => TotalSummary(run, pipeline)?.P95;

    /// <summary>
    /// " (recorded)" when every answer behind the pipeline's total latency was replayed with the latency recorded when it
    /// was generated, " (k of n recorded)" when some were, "" when every one was measured in this run.
    /// </summary>
    private static string RecordedMark(RunResult run, string pipeline)
    {
        var results = LatencyResults(run, pipeline, TotalId).ToList();
        var recorded = results.Count(r => r.Output?.Recorded is not null);
        return recorded == 0 ? ""
            : recorded == results.Count ? " (recorded)"
            : string.Create(CultureInfo.InvariantCulture, $" ({recorded} of {results.Count} recorded)");
    }

    private static string TotalCell(RunResult run, string pipeline, double? milliseconds) =>
        milliseconds is { } value ? DisplayFormat.Value(value, "0.0") + RecordedMark(run, pipeline) : "–";

    private static MetricSummary? TotalSummary(RunResult run, string pipeline)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run.Summary.FirstOrDefault(s => s.Pipeline == pipeline && s.MetricId == TotalId);
    }

    /// <summary>
    /// Where the latencies of the run's replayed answers come from, in one or two sentences; null when the run replayed
    /// nothing (every latency was measured in it).
    /// </summary>
    public static string? ReplayNote(RunResult run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var replayed = run.Results.Select(r => r.Output).OfType<Core.Pipelines.PipelineOutput>().Where(o => o.FromCache).ToList();
        if (replayed.Count == 0)
        {
            return null;
        }
        var sentences = new List<string>();
        var recorded = replayed.Where(o => o.Recorded is not null).ToList();
        if (recorded.Count > 0)
        {
            // The recording runs, oldest first: usually one, the run that filled the cache.
            var sources = recorded
                .GroupBy(o => o.Recorded!.RunId ?? "an unnamed run", StringComparer.Ordinal)
                .Select(g => (Run: g.Key, From: g.Min(o => o.Recorded!.RecordedAt), To: g.Max(o => o.Recorded!.RecordedAt)))
                .OrderBy(s => s.From)
                .ToList();
            const int Named = 3;
            var named = string.Join("; ", sources.Take(Named).Select(s => $"{s.Run}, {Day(s.From)}{(Day(s.To) == Day(s.From) ? "" : $" to {Day(s.To)}")}"));
            var more = sources.Count > Named ? string.Create(CultureInfo.InvariantCulture, $" and {sources.Count - Named} more runs") : "";
            sentences.Add(string.Create(CultureInfo.InvariantCulture,
                $"{Count(recorded.Count)} replayed from the generation cache report the latency recorded when generated ({named}{more}); their retrieval is measured in this run."));
        }
        var without = replayed.Count - recorded.Count;
        if (without > 0)
        {
            sentences.Add($"{Count(without)} replayed from cache entries stored before the cache kept timings have no latency.");
        }
        return "Latency: " + string.Join(" ", sentences);
    }

    private static IEnumerable<CaseResult> LatencyResults(RunResult run, string pipeline, string metricId) =>
        RunOrdering.Results(run).Where(r => r.Pipeline == pipeline && r.Find(metricId) is { Status: ValueStatus.Ok, Value: not null });

    private static string Count(int answers) => answers == 1 ? "1 answer" : string.Create(CultureInfo.InvariantCulture, $"{answers} answers");

    private static string Day(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
