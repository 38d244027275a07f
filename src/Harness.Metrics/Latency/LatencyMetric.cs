using Harness.Core;
using Harness.Core.Metrics;
using Harness.Core.Pipelines;

namespace Harness.Metrics.Latency;

/// <summary>
/// Per-case latency in milliseconds from <see cref="PipelineOutput.Timings"/>, and generation speed.
/// A stage the pipeline does not have (null timing) is inconclusive. An answer replayed from the generation
/// cache reports the timings recorded when it was generated (<see cref="PipelineOutput.Recorded"/>), never the
/// replay's own; one whose cache entry kept no timings has every value inconclusive. Percentiles over a
/// pipeline's cases are aggregates, computed with the other summaries (Harness.Core.Statistics.MetricSummaries),
/// and every latency figure of a run (summary.md, the console, the charts, the history) is read from them.
/// </summary>
public sealed class LatencyMetric : IMetric
{
    public static readonly MetricDescriptor Retrieval = KnownMetrics.Describe("latency_retrieval_ms");
    public static readonly MetricDescriptor PromptEvaluation = KnownMetrics.Describe("latency_prompt_ms");
    public static readonly MetricDescriptor TimeToFirstToken = KnownMetrics.Describe("ttft_ms");
    public static readonly MetricDescriptor Generation = KnownMetrics.Describe("latency_generation_ms");
    public static readonly MetricDescriptor Total = KnownMetrics.Describe("latency_total_ms");
    public static readonly MetricDescriptor TokensPerSecond = KnownMetrics.Describe("tokens_per_second");

    /// <summary>Why a replayed answer has no latency.</summary>
    private const string NoRecordedTimings = "answer replayed from a cache entry stored before the cache kept timings: no latency recorded";

    public string Name => KnownMetrics.Latency.Name;

    public IReadOnlyList<MetricDescriptor> Descriptors { get; } =
        [Retrieval, PromptEvaluation, TimeToFirstToken, Generation, Total, TokensPerSecond];

    public ValueTask<IReadOnlyList<MetricValue>> EvaluateAsync(MetricContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var output = context.Output;
        if (!output.HasLatency)
        {
            return ValueTask.FromResult<IReadOnlyList<MetricValue>>(Descriptors.AllInconclusive(NoRecordedTimings));
        }
        var timings = output.Timings;
        return ValueTask.FromResult<IReadOnlyList<MetricValue>>(
        [
            Stage(Retrieval, timings.Retrieval, "the pipeline does not retrieve"),
            Stage(PromptEvaluation, timings.PromptEvaluation, "the pipeline has no prompt evaluation"),
            Stage(TimeToFirstToken, timings.TimeToFirstToken, "the pipeline does not stream tokens"),
            Stage(Generation, timings.Generation, "the pipeline does not generate"),
            timings.Total == TimeSpan.Zero
                ? MetricValue.Inconclusive(Total.Id, "the pipeline recorded no total time")
                : Stage(Total, timings.Total, ""),
            Speed(output.Tokens.Generated, timings.Generation),
        ]);
    }

    private static MetricValue Stage(MetricDescriptor descriptor, TimeSpan? duration, string missingReason) =>
        duration switch
        {
            null => MetricValue.Inconclusive(descriptor.Id, missingReason),
            { } d when d < TimeSpan.Zero => MetricValue.Error(descriptor.Id, $"negative duration {d.TotalMilliseconds} ms"),
            { } d => MetricValue.Ok(descriptor.Id, d.TotalMilliseconds),
        };

    private static MetricValue Speed(int generatedTokens, TimeSpan? generation)
    {
        if (generation is null)
        {
            return MetricValue.Inconclusive(TokensPerSecond.Id, "the pipeline does not generate");
        }
        if (generatedTokens <= 0 || generation.Value <= TimeSpan.Zero)
        {
            return MetricValue.Inconclusive(TokensPerSecond.Id, $"{generatedTokens} tokens in {generation.Value.TotalMilliseconds} ms gives no speed");
        }
        return MetricValue.Ok(TokensPerSecond.Id, generatedTokens / generation.Value.TotalSeconds);
    }
}
