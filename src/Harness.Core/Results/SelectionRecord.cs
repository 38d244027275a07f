using Harness.Core.Statistics;
using Harness.Core.Suites;

namespace Harness.Core.Results;

/// <summary>
/// How a run chose the variants of its sweeps (run.json's <c>selection</c>): the cases they were compared on (never
/// the evaluated ones), the metric, and per swept pipeline every variant's score with its CI and the choice.
/// </summary>
public sealed record SelectionRecord
{
    /// <summary>The per-case metric the variants were ranked by.</summary>
    public required string Metric { get; init; }

    public required bool HigherIsBetter { get; init; }

    /// <summary>Where the selection cases came from: "split dev", or "a 20% share of split test".</summary>
    public required string Source { get; init; }

    /// <summary>The selection cases' ids; none of them is an evaluated case.</summary>
    public required IReadOnlyList<string> CaseIds { get; init; }

    /// <summary>The folder of the selection run, inside the run's folder (its own run.db with every variant's rows).</summary>
    public required string Directory { get; init; }

    public required IReadOnlyList<SweepChoice> Sweeps { get; init; }
}

/// <summary>One swept pipeline: its kind and approach, every variant's selection score, and the variant chosen, with why.</summary>
/// <param name="Pipeline">The swept pipeline; the evaluated rows of the chosen variant carry this name.</param>
/// <param name="Kind">Its pipeline kind (rag, fine-tuned…).</param>
/// <param name="Approach">Which side of the question it answers (<see cref="PipelineKindInfo.Approach"/>), or null.</param>
/// <param name="Chosen">The chosen variant's name.</param>
/// <param name="Reason">Why, in a sentence: best score, or the cheapest of those whose CI overlaps the best's.</param>
/// <param name="Variants">Every variant, in sweep order.</param>
public sealed record SweepChoice(string Pipeline, string Kind, string? Approach, string Chosen, string Reason, IReadOnlyList<VariantScore> Variants)
{
    /// <summary>What the pipeline that ran the evaluated cases records of this choice (reports name the variant beside it).</summary>
    public PipelineSelection AsPipelineSelection()
    {
        var chosen = Variants.First(v => v.Name == Chosen);
        var score = chosen.Score is { Mean: { } mean } summary
            ? new ConfidenceInterval(mean, summary.CiLow ?? mean, summary.CiHigh ?? mean, Bootstrap.DefaultLevel)
            : (ConfidenceInterval?)null;
        return new PipelineSelection(Pipeline, string.Join(",", chosen.Settings.Select(s => $"{s.Path}={s.Value}")), Variants.Count, score);
    }
}

/// <summary>A variant on the selection cases: its settings, its score with CI, and what it cost.</summary>
/// <param name="Name">The variant's name, <c>pipeline[path=value,…]</c>.</param>
/// <param name="Settings">Its swept values.</param>
/// <param name="Score">The selection metric's summary (mean, 95% CI, n); null when no case gave it a value.</param>
/// <param name="TokensPerCase">Mean prompt + generated tokens per answered case (0 for a pipeline without a model).</param>
/// <param name="MedianLatencyMs">Median total latency per case, when latency was measured.</param>
/// <param name="TrainingTokens">Tokens its fine-tuning processed (trained now or recorded with the cached model), when it trains.</param>
/// <param name="Recall">Recall at its own top_k (recall@k with k its top_k), for a variant that retrieves.</param>
public sealed record VariantScore(
    string Name,
    IReadOnlyList<SweepSetting> Settings,
    MetricSummary? Score,
    double? TokensPerCase,
    double? MedianLatencyMs,
    long? TrainingTokens,
    MetricSummary? Recall);
