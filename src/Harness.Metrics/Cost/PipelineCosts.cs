using Harness.Core;
using Harness.Core.Costs;
using Harness.Core.Metrics;
using Harness.Core.Results;

namespace Harness.Metrics.Cost;

/// <summary>
/// The cost figures that belong to a pipeline or a run rather than to a case: token totals, index
/// build time and size, the process's peak memory (RSS; one process runs every pipeline, so it is
/// the run's figure on every row), training time and tokens where the pipeline's model was trained
/// in the run (issue 14 fills <see cref="PipelineInfo.TrainingSeconds"/>), and, with a
/// <see cref="CostRates"/> block, their price. Each is one measurement, so it has no interval.
/// </summary>
public static class PipelineCosts
{
    public static readonly MetricDescriptor PromptTokensTotal = KnownMetrics.Describe("prompt_tokens_total");
    public static readonly MetricDescriptor CompletionTokensTotal = KnownMetrics.Describe("completion_tokens_total");
    public static readonly MetricDescriptor IndexBuildSeconds = KnownMetrics.Describe("index_build_s");
    public static readonly MetricDescriptor IndexSizeMegabytes = KnownMetrics.Describe("index_size_mb");
    public static readonly MetricDescriptor PeakRssMegabytes = KnownMetrics.Describe("peak_rss_mb");
    public static readonly MetricDescriptor TrainingSeconds = KnownMetrics.Describe("training_s");
    public static readonly MetricDescriptor TrainingTokens = KnownMetrics.Describe("training_tokens");

    /// <summary>The pipeline's money: its cases' tokens and wall time, plus its index build and training time on the accelerator.</summary>
    public static MetricDescriptor CostTotal(CostRates rates) => KnownMetrics.Describe("cost_total", rates.Currency);

    /// <summary>The descriptors <see cref="Summaries"/> may produce, for the run's metric list.</summary>
    public static IReadOnlyList<MetricDescriptor> Descriptors(CostRates? rates) =>
    [
        PromptTokensTotal, CompletionTokensTotal, IndexBuildSeconds, IndexSizeMegabytes, PeakRssMegabytes, TrainingSeconds, TrainingTokens,
        .. rates is null ? Array.Empty<MetricDescriptor>() : [CostTotal(rates)],
    ];

    /// <summary>One row per pipeline × figure it has; <paramref name="peakRssBytes"/> is the process's peak (null when unknown).</summary>
    public static IReadOnlyList<MetricSummary> Summaries(RunResult run, CostRates? rates, long? peakRssBytes)
    {
        ArgumentNullException.ThrowIfNull(run);
        var rows = new List<MetricSummary>();
        foreach (var pipeline in run.Pipelines)
        {
            var outputs = run.Results.Where(r => r.Pipeline == pipeline.Name && r.Output is not null).Select(r => r.Output!).ToArray();
            var n = outputs.Length;
            double prompt = outputs.Sum(o => (double)o.Tokens.Prompt);
            double completion = outputs.Sum(o => (double)o.Tokens.Generated);
            rows.Add(Row(pipeline.Name, PromptTokensTotal, prompt, n));
            rows.Add(Row(pipeline.Name, CompletionTokensTotal, completion, n));
            if (pipeline.IndexBuildSeconds is { } build)
            {
                rows.Add(Row(pipeline.Name, IndexBuildSeconds, build, 1));
            }
            if (pipeline.IndexSizeBytes is { } size)
            {
                rows.Add(Row(pipeline.Name, IndexSizeMegabytes, size / 1e6, 1));
            }
            if (peakRssBytes is { } peak)
            {
                rows.Add(Row(pipeline.Name, PeakRssMegabytes, peak / 1e6, 1));
            }
            if (pipeline.TrainingSeconds is { } training)
            {
                rows.Add(Row(pipeline.Name, TrainingSeconds, training, 1));
            }
            if (pipeline.TrainingTokens is { } trainingTokens)
            {
                rows.Add(Row(pipeline.Name, TrainingTokens, trainingTokens, 1));
            }
            if (rates is not null)
            {
                // Replayed answers took no time now; their wall time is not known, so it is priced as 0.
                var wall = outputs.Where(o => !o.FromCache).Sum(o => o.Timings.Total.TotalSeconds);
                var seconds = wall + (pipeline.IndexBuildSeconds ?? 0) + (pipeline.TrainingSeconds ?? 0);
                rows.Add(Row(pipeline.Name, CostTotal(rates), rates.Price(prompt, completion, seconds), n));
            }
        }
        return rows;
    }

    private static MetricSummary Row(string pipeline, MetricDescriptor metric, double value, int n) =>
        new(pipeline, metric.Id, value, null, null, n, 0, 0) { Interval = MetricSummary.Measured };
}
