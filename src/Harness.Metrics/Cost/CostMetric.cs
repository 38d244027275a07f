using Harness.Core;
using Harness.Core.Costs;
using Harness.Core.Metrics;
using Harness.Core.Results;

namespace Harness.Metrics.Cost;

/// <summary>
/// What one case cost: prompt and completion tokens (0 for a pipeline without a model), wall seconds
/// (inconclusive for an answer replayed from the generation cache, which took no time now) and, with
/// the suite's <c>cost:</c> block, its price: tokens at the per-1k rates plus wall time at the
/// per-GPU-hour rate. The pipeline-level figures (totals, index, memory, training) are its run aggregates
/// (<see cref="PipelineCosts"/>), which the runner asks for once the cases are done.
/// </summary>
public sealed class CostMetric(CostRates? rates = null) : IMetric, IRunAggregateMetric
{
    public static readonly MetricDescriptor PromptTokens = KnownMetrics.Describe("prompt_tokens");
    public static readonly MetricDescriptor CompletionTokens = KnownMetrics.Describe("completion_tokens");
    public static readonly MetricDescriptor WallSeconds = KnownMetrics.Describe("wall_s");

    public string Name => KnownMetrics.Cost.Name;

    public IReadOnlyList<MetricDescriptor> Descriptors { get; } = rates is null
        ? [PromptTokens, CompletionTokens, WallSeconds]
        : [PromptTokens, CompletionTokens, WallSeconds, CostPerCase(rates)];

    public IReadOnlyList<MetricDescriptor> AggregateDescriptors { get; } = PipelineCosts.Descriptors(rates);

    public IReadOnlyList<MetricSummary> Aggregate(RunResult run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return PipelineCosts.Summaries(run, rates, run.Info.PeakRssBytes);
    }

    public static MetricDescriptor CostPerCase(CostRates rates)
    {
        ArgumentNullException.ThrowIfNull(rates);
        return KnownMetrics.Describe("cost_per_case", rates.Currency);
    }

    public ValueTask<IReadOnlyList<MetricValue>> EvaluateAsync(MetricContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var output = context.Output;
        var prompt = output.Tokens.Prompt;
        var completion = output.Tokens.Generated;
        double? seconds = output.FromCache || output.Timings.Total <= TimeSpan.Zero ? null : output.Timings.Total.TotalSeconds;
        var wall = seconds is { } s
            ? MetricValue.Ok(WallSeconds.Id, s)
            : MetricValue.Inconclusive(WallSeconds.Id, output.FromCache ? "answer replayed from cache" : "the pipeline recorded no total time");
        List<MetricValue> values =
        [
            MetricValue.Ok(PromptTokens.Id, prompt),
            MetricValue.Ok(CompletionTokens.Id, completion),
            wall,
        ];
        if (rates is not null)
        {
            var id = Descriptors[3].Id;
            values.Add(seconds is null && rates.PerGpuHour > 0
                ? MetricValue.Inconclusive(id, "the wall time is unknown (replayed from cache), so the GPU-hour share cannot be priced")
                : MetricValue.Ok(id, rates.Price(prompt, completion, seconds ?? 0)));
        }
        return ValueTask.FromResult<IReadOnlyList<MetricValue>>(values);
    }
}
