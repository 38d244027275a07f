using Harness.Core.Gates;
using Harness.Core.Metrics;
using Harness.Core.Results;
using Harness.Core.Statistics;
using Harness.Core.Suites;

namespace Harness.Reporting.Decision;

/// <summary>
/// One pipeline as the decision weighs it: its headline score on the evaluated split, what a case costs it, how long
/// its slow answers take, and whether another pipeline is at least as good and at least as cheap (or fast).
/// </summary>
/// <param name="Pipeline">The pipeline as configured (with its chosen variant when the suite swept it).</param>
/// <param name="Score">The headline metric's summary: a mean with its 95% CI.</param>
/// <param name="TokensPerCase">Mean prompt plus completion tokens per case; null when the suite does not measure cost.</param>
/// <param name="MoneyPerCase">Mean price per case in the suite's currency; null without prices.</param>
/// <param name="P95LatencyMs">The latency metric's 95th percentile of total time; null when no answer has one.</param>
/// <param name="LatencyCell">The p95 as <see cref="RunLatency.P95TotalCell"/> shows it, marked where it was recorded on replay.</param>
public sealed record PipelineStanding(
    PipelineInfo Pipeline, MetricSummary Score, double? TokensPerCase, double? MoneyPerCase, double? P95LatencyMs, string LatencyCell)
{
    public string Name => Pipeline.Name;

    /// <summary>No other pipeline scores at least as well for at most the cost per case (better in one of the two); null without a cost.</summary>
    public bool? ParetoOnCost { get; init; }

    /// <summary>As <see cref="ParetoOnCost"/>, against the p95 latency.</summary>
    public bool? ParetoOnLatency { get; init; }
}

/// <summary>An approach (a pipeline kind) with its pipelines, best first: the first is the one compared with other approaches.</summary>
public sealed record ApproachStanding(PipelineKindInfo Kind, IReadOnlyList<PipelineStanding> Pipelines)
{
    public PipelineStanding Best => Pipelines[0];
}

/// <summary>What the paired test says of two approaches' best pipelines.</summary>
public enum DecisionVerdict
{
    /// <summary>The first approach is better, significantly after the Holm adjustment.</summary>
    FirstBetter,

    /// <summary>The second is better, significantly (possible when the means over shared cases disagree with the summaries').</summary>
    SecondBetter,

    /// <summary>Neither direction is significant: the cases do not separate the two.</summary>
    Inconclusive,

    /// <summary>A case in error in either pipeline: a comparison never counts errors toward a win.</summary>
    NotCompared,
}

/// <summary>Two approaches' best pipelines paired on their shared cases.</summary>
/// <param name="First">The approach whose best pipeline has the better mean.</param>
/// <param name="Second">The other approach.</param>
/// <param name="Result">The comparison gate's result (margin 0): its value and CI are mean(first − second), its p Holm-adjusted.</param>
/// <param name="Verdict">What <paramref name="Result"/> says in the decision's terms.</param>
/// <param name="CasesNeeded">
/// For an inconclusive pair, about how many cases would decide the observed difference at the level the first step of
/// Holm's correction applies (α divided by the family's hypotheses: a conservative figure); with too few shared cases
/// to test, the gate's figure; null where no finite number can be said.
/// </param>
public sealed record ApproachDifference(ApproachStanding First, ApproachStanding Second, GateResult Result, DecisionVerdict Verdict, int? CasesNeeded);

/// <summary>What a pipeline's cost per case is counted in: the suite's money when it sets prices, else tokens.</summary>
public enum CostMeasure
{
    None,
    Tokens,
    Money,
}

/// <summary>
/// The answer a report opens with: per approach (pipeline kind), its best pipeline on the headline metric with its
/// cost and tail latency, and the approaches' best pipelines compared pairwise by the comparison gate's paired rules.
/// Every pipeline of one approach is paired with every pipeline of every other approach in one Holm family, so
/// naming each approach's best pipeline on these very cases cannot make a verdict significant that the family would not.
/// </summary>
/// <param name="Metric">The headline metric.</param>
/// <param name="Dataset">The dataset the cases come from.</param>
/// <param name="Cases">The cases the run evaluated.</param>
/// <param name="Approaches">Approaches whose pipelines have a headline value, the best first (ties in registry order).</param>
/// <param name="Differences">Every pair of approaches, in the order of <see cref="Approaches"/>.</param>
/// <param name="Comparisons">Pipeline pairs of different approaches tested in the Holm family.</param>
/// <param name="Cost">What <see cref="Pareto"/> and the sentence count cost in.</param>
/// <param name="Money">The price-per-case metric (its unit the currency) when the suite sets prices; null otherwise.</param>
/// <param name="LatencyNote">Where replayed answers' latencies come from (<see cref="RunLatency.ReplayNote"/>); null when nothing was replayed.</param>
public sealed record RunDecision(
    MetricDescriptor Metric, string Dataset, int Cases, IReadOnlyList<ApproachStanding> Approaches,
    IReadOnlyList<ApproachDifference> Differences, int Comparisons, CostMeasure Cost, MetricDescriptor? Money, string? LatencyNote)
{
    public const string PromptTokensId = "prompt_tokens";
    public const string CompletionTokensId = "completion_tokens";
    public const string MoneyPerCaseId = "cost_per_case";

    /// <summary>The approach with the best pipeline; null when no pipeline has a headline value.</summary>
    public ApproachStanding? Leader => Approaches.Count == 0 ? null : Approaches[0];

    /// <summary>Every pipeline with a headline value, approach by approach.</summary>
    public IEnumerable<PipelineStanding> Pipelines => Approaches.SelectMany(a => a.Pipelines);

    /// <summary>A pipeline's cost per case in <see cref="Cost"/>'s unit.</summary>
    public double? CostOf(PipelineStanding pipeline)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        return Cost switch
        {
            CostMeasure.Money => pipeline.MoneyPerCase,
            CostMeasure.Tokens => pipeline.TokensPerCase,
            _ => null,
        };
    }

    /// <summary>The decision of a run on its headline metric; null when the run has no metric that can lead a report.</summary>
    public static RunDecision? Build(RunResult run, GateOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (HeadlineMetrics.Headline(run) is not { } metric)
        {
            return null;
        }
        options ??= GateOptions.Default;
        var standings = run.Pipelines
            .Select(p => Standing(run, p, metric.Id))
            .OfType<PipelineStanding>()
            .ToList();
        var cost = standings.Any(p => p.MoneyPerCase is not null) ? CostMeasure.Money
            : standings.Any(p => p.TokensPerCase is not null) ? CostMeasure.Tokens
            : CostMeasure.None;
        standings = Pareto.Mark(standings, metric.HigherIsBetter, cost);
        var approaches = standings
            .GroupBy(p => p.Pipeline.Kind, StringComparer.Ordinal)
            .Select(g => (Kind: PipelineKinds.Named(g.Key), Pipelines: g.OrderByDescending(p => Oriented(p, metric)).ToList()))
            .Where(a => a.Kind is not null)
            .Select(a => new ApproachStanding(a.Kind!, a.Pipelines))
            .OrderByDescending(a => Oriented(a.Best, metric))
            .ThenBy(a => PipelineKinds.All.TakeWhile(k => k != a.Kind).Count())
            .ToList();
        var (differences, comparisons) = Compare(run, metric, approaches, options);
        var money = run.Metrics.FirstOrDefault(m => m.Id == MoneyPerCaseId);
        return new RunDecision(metric, run.Info.Dataset, run.Cases.Count, approaches, differences, comparisons, cost, money, RunLatency.ReplayNote(run));
    }

    private static PipelineStanding? Standing(RunResult run, PipelineInfo pipeline, string metricId)
    {
        if (Summary(run, pipeline.Name, metricId) is not { Mean: not null } score)
        {
            return null;
        }
        var prompt = Summary(run, pipeline.Name, PromptTokensId)?.Mean;
        var completion = Summary(run, pipeline.Name, CompletionTokensId)?.Mean;
        var tokens = prompt is null && completion is null ? (double?)null : (prompt ?? 0) + (completion ?? 0);
        return new PipelineStanding(
            pipeline, score, tokens, Summary(run, pipeline.Name, MoneyPerCaseId)?.Mean,
            RunLatency.P95Total(run, pipeline.Name), RunLatency.P95TotalCell(run, pipeline.Name));
    }

    private static MetricSummary? Summary(RunResult run, string pipeline, string metricId) =>
        run.Summary.FirstOrDefault(s => s.Pipeline == pipeline && s.MetricId == metricId);

    /// <summary>The mean turned so that larger is better.</summary>
    private static double Oriented(PipelineStanding pipeline, MetricDescriptor metric) =>
        metric.HigherIsBetter ? pipeline.Score.Mean!.Value : -pipeline.Score.Mean!.Value;

    /// <summary>
    /// Tests every pipeline against every pipeline of another approach (the comparison gate at margin 0, better mean
    /// first) in one Holm family, and returns the pairs of approaches' best pipelines with the family's size.
    /// </summary>
    private static (IReadOnlyList<ApproachDifference> Differences, int Comparisons) Compare(
        RunResult run, MetricDescriptor metric, List<ApproachStanding> approaches, GateOptions options)
    {
        var ordered = approaches.SelectMany(a => a.Pipelines.Select(p => (Approach: a, Pipeline: p))).ToList();
        var pairs = new List<(int First, int Second)>();
        for (var i = 0; i < ordered.Count; i++)
        {
            for (var j = i + 1; j < ordered.Count; j++)
            {
                if (ordered[i].Approach != ordered[j].Approach)
                {
                    // The better mean first, so "pass" reads "beats"; approaches come best first, so their best pipelines keep their order.
                    pairs.Add(Oriented(ordered[i].Pipeline, metric) >= Oriented(ordered[j].Pipeline, metric) ? (i, j) : (j, i));
                }
            }
        }
        var checks = pairs.Select(p => (ordered[p.First].Pipeline.Name, ordered[p.Second].Pipeline.Name))
            .Select(p => ComparisonGate.Prepare($"{p.Item1} vs {p.Item2} / {metric.Id}", run, p.Item1, p.Item2, metric.Id, margin: 0, options))
            .ToList();
        var resolved = PairedCheck.ResolveWithAdjusted(checks);
        var familyAlpha = options.Alpha / Math.Max(1, checks.Sum(c => c.PValues.Count));
        var differences = new List<ApproachDifference>();
        for (var k = 0; k < pairs.Count; k++)
        {
            var (first, second) = (ordered[pairs[k].First], ordered[pairs[k].Second]);
            if (first.Pipeline != first.Approach.Best || second.Pipeline != second.Approach.Best)
            {
                continue;
            }
            var result = resolved[k].Result;
            var verdict = result.Verdict switch
            {
                GateVerdict.Pass => DecisionVerdict.FirstBetter,
                GateVerdict.Fail when checks[k].Comparison is null => DecisionVerdict.NotCompared,
                GateVerdict.Fail => DecisionVerdict.SecondBetter,
                _ => DecisionVerdict.Inconclusive,
            };
            var needed = verdict != DecisionVerdict.Inconclusive ? null
                : checks[k].Comparison is { } tested
                    ? PowerAnalysis.CasesToDecide(tested.DifferenceSd, Math.Abs(tested.Difference.Estimate), tested.N, familyAlpha, options.Power)
                    : result.RequiredN;
            differences.Add(new ApproachDifference(first.Approach, second.Approach, result, verdict, needed));
        }
        return (differences, pairs.Count);
    }
}
