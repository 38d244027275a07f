using System.Globalization;
using Harness.Core.Gates;
using Harness.Core.Statistics;

namespace Harness.Reporting.Decision;

/// <summary>A column of a decision table; numeric columns align right.</summary>
public sealed record DecisionColumn(string Title, bool Numeric = false);

/// <summary>A decision table as text cells, the same in summary.md and report.html.</summary>
public sealed record DecisionTable(IReadOnlyList<DecisionColumn> Columns, IReadOnlyList<IReadOnlyList<string>> Rows);

/// <summary>
/// Every word the decision says, built from its numbers and verdicts and never written by hand: the sentence a report
/// opens with, its two tables and their notes. Verdict words follow the Holm-adjusted verdicts: "beats" only for a
/// significant difference, "does not separate from" (with the cases a decision would need) otherwise. Text is plain;
/// each report encodes it for where it goes.
/// </summary>
public static class DecisionText
{
    public static string Title(RunDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return $"Decision: {decision.Metric.DisplayName} on {decision.Dataset}";
    }

    /// <summary>
    /// The answer in one sentence: the approach with the best mean, what the paired tests say of it against each other
    /// approach, and what it costs per case beside the cheapest other approach.
    /// </summary>
    public static string Sentence(RunDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var opening = string.Create(CultureInfo.InvariantCulture, $"On {decision.Dataset} ({Count(decision.Cases, "case")})");
        if (decision.Leader is not { } leader)
        {
            return $"{opening}, no pipeline has a {decision.Metric.DisplayName} value, so there is nothing to decide.";
        }
        var metric = decision.Metric.DisplayName;
        if (decision.Approaches.Count == 1)
        {
            var names = string.Join(", ", leader.Pipelines.Select(p => Label(p)));
            var best = leader.Pipelines.Count == 1
                ? $"it scores {Score(leader.Best, decision)} on {metric}"
                : $"the best mean {metric} is {Label(leader.Best)}'s, {Score(leader.Best, decision)}";
            return $"{opening}, only one approach ran, {leader.Kind.Title} ({names}), so there is no other approach to compare it with; {best}.";
        }

        // Every other approach is named once, in the clause of its verdict; the leader is "it" after the opening.
        var ofLeader = decision.Differences.Where(d => d.First == leader).ToList();
        var clauses = new List<string>();
        var wins = ofLeader.Where(d => d.Verdict == DecisionVerdict.FirstBetter).ToList();
        if (wins.Count > 0)
        {
            clauses.Add($"it beats {Join(wins.Select(d => $"{Introduce(d.Second)} by {Advantage(d, decision)}"))}");
        }
        clauses.AddRange(ofLeader.Where(d => d.Verdict == DecisionVerdict.SecondBetter)
            .Select(d => $"{Introduce(d.Second)} beats it by {Advantage(d, decision)}"));
        // Approaches left undecided for the same reason share a clause.
        clauses.AddRange(ofLeader.Where(d => d.Verdict == DecisionVerdict.Inconclusive)
            .GroupBy(Undecided)
            .Select(g => $"{Join(g.Select(d => Introduce(d.Second)))} {(g.Count() == 1 ? "does" : "do")} not separate from it ({g.Key})"));
        clauses.AddRange(ofLeader.Where(d => d.Verdict == DecisionVerdict.NotCompared)
            .Select(d => $"{Introduce(d.Second)} is not compared with it: {NotCompared}"));
        if (CostClause(decision, leader) is { } cost)
        {
            clauses.Add(cost);
        }
        return $"{opening}, {Introduce(leader)} has the best mean {metric}, {Score(leader.Best, decision)}: {string.Join("; ", clauses)}.";
    }

    /// <summary>Per approach, each pipeline: its score, cost per case, p95 latency and whether it is Pareto-optimal.</summary>
    public static DecisionTable Approaches(RunDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var tokens = decision.Pipelines.Any(p => p.TokensPerCase is not null);
        var money = decision.Money is not null;
        List<DecisionColumn> columns =
        [
            new("Approach"), new("Pipeline"), new($"{decision.Metric.DisplayName} (95% CI)", Numeric: true),
            .. tokens ? [new DecisionColumn("Tokens per case", Numeric: true)] : Array.Empty<DecisionColumn>(),
            .. money ? [new DecisionColumn($"Cost per case ({decision.Money!.Unit})", Numeric: true)] : Array.Empty<DecisionColumn>(),
            new("p95 latency (ms)", Numeric: true), new("Pareto-optimal"),
        ];
        var rows = decision.Approaches.SelectMany(a => a.Pipelines.Select(p => (IReadOnlyList<string>)
        [
            a.Kind.Title, Label(p, withSelection: true), Score(p, decision),
            .. tokens ? [DisplayFormat.Value(p.TokensPerCase, TokenFormat)] : Array.Empty<string>(),
            .. money ? [DisplayFormat.Value(p.MoneyPerCase, decision.Money!.Format)] : Array.Empty<string>(),
            p.LatencyCell, ParetoCell(p),
        ])).ToList();
        return new DecisionTable(columns, rows);
    }

    /// <summary>Every pair of approaches (their best pipelines): the paired difference, its Holm-adjusted p and the verdict.</summary>
    public static DecisionTable Differences(RunDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var format = decision.Metric.Format;
        var rows = decision.Differences.Select(d => (IReadOnlyList<string>)
        [
            $"{d.First.Kind.Title} vs {d.Second.Kind.Title}",
            $"{d.First.Best.Name} − {d.Second.Best.Name}",
            d.Result.Value is { } value ? $"{DisplayFormat.Value(value, format)} {DisplayFormat.Interval(d.Result.CiLow, d.Result.CiHigh, format)}" : "–",
            d.Result.N.ToString(CultureInfo.InvariantCulture),
            d.Result.AdjustedPValue is { } p ? PValue(p) : "–",
            Verdict(d),
        ]).ToList();
        return new DecisionTable(
            [new("Approaches"), new("Pipelines"), new("Difference (95% CI)", Numeric: true), new("n", Numeric: true), new("Holm-adjusted p", Numeric: true), new("Verdict")],
            rows);
    }

    /// <summary>What the tables' figures are and how the verdicts were reached, one sentence each.</summary>
    public static IReadOnlyList<string> Notes(RunDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var metric = decision.Metric.DisplayName;
        var notes = new List<string>();
        if (decision.Approaches.Count > 1)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"An approach is compared through its pipeline with the best mean {metric}. Every pipeline was paired with every pipeline of another approach on the cases both answered ({Count(decision.Comparisons, "comparison")}, each two one-sided sign-flip tests at margin 0, as a compare gate tests), and all p-values were Holm-adjusted together, so naming an approach's best pipeline on these cases lends it no significance; an inconclusive pair says about how many cases would decide the observed difference with power 0.8 at α = 0.05 divided by the family's hypotheses, the level Holm's first step applies (a conservative figure)."));
        }
        notes.Add(decision.Cost switch
        {
            CostMeasure.Money => $"Cost per case: the mean prompt plus completion tokens, and the mean price in {decision.Money!.Unit} at the suite's rates, of the cost metrics.",
            CostMeasure.Tokens => "Cost per case: the mean prompt plus completion tokens of the cost metrics; the suite sets no prices.",
            _ => "The suite does not measure cost (add cost to its metrics), so there is no cost per case.",
        });
        notes.Add("p95 latency: the 95th percentile of the latency metric's total time per answer (warm-up answers left out); marked (recorded) where replayed answers report the latency recorded when they were generated.");
        if (decision.LatencyNote is { } latency)
        {
            notes.Add(latency);
        }
        notes.Add($"Pareto-optimal: no other pipeline has at least its mean {metric} at no more cost per case (or p95 latency), judged on the point estimates.");
        return notes;
    }

    /// <summary>A pipeline as the decision names it: with its chosen variant when the suite swept it.</summary>
    public static string Label(PipelineStanding pipeline, bool withSelection = false)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        if (pipeline.Pipeline.Selection is not { } selection)
        {
            return pipeline.Name;
        }
        var variant = $"{pipeline.Name}, variant {selection.Variant}";
        if (!withSelection)
        {
            return variant;
        }
        var dev = selection.DevScore is { } score
            ? $", dev {DisplayFormat.Value(score.Estimate)} {DisplayFormat.Interval(score.Low, score.High)}"
            : "";
        return string.Create(CultureInfo.InvariantCulture, $"{variant} (chosen of {selection.Candidates} on {selection.Swept}'s dev split{dev})");
    }

    private const string TokenFormat = "#,0";

    private const string NotCompared = "a case in error in either pipeline never counts toward a win";

    /// <summary>An approach at its first mention: its title and, unless its name says the same, its pipeline.</summary>
    private static string Introduce(ApproachStanding approach) =>
        approach.Best.Name == approach.Kind.Name && approach.Best.Pipeline.Selection is null
            ? approach.Kind.Title
            : $"{approach.Kind.Title} ({Label(approach.Best)})";

    private static string Score(PipelineStanding pipeline, RunDecision decision) =>
        DisplayFormat.MeanWithInterval(pipeline.Score, decision.Metric);

    /// <summary>How far the winner is ahead, turned so that positive is better, with its 95% CI.</summary>
    private static string Advantage(ApproachDifference difference, RunDecision decision)
    {
        var result = difference.Result;
        var ahead = PairedRules.Orient(new ConfidenceInterval(result.Value!.Value, result.CiLow!.Value, result.CiHigh!.Value, GateOptions.Default.Level), decision.Metric.HigherIsBetter);
        // The loser is first when the second approach wins: its advantage is the other way round.
        var (estimate, low, high) = difference.Verdict == DecisionVerdict.SecondBetter ? (-ahead.Estimate, -ahead.High, -ahead.Low) : (ahead.Estimate, ahead.Low, ahead.High);
        var format = decision.Metric.Format;
        return $"{DisplayFormat.Value(estimate, format)} {DisplayFormat.Interval(low, high, format)}";
    }

    /// <summary>Why an inconclusive pair did not decide, with the cases a decision would need where a finite number would.</summary>
    private static string Undecided(ApproachDifference difference)
    {
        var result = difference.Result;
        var shared = result.InconclusiveReason == InconclusiveReasons.TooFewCases ? $"only {Count(result.N, "shared case")}, " : "";
        return difference.CasesNeeded is { } needed ? string.Create(CultureInfo.InvariantCulture, $"{shared}inconclusive, about {needed:#,0} cases needed")
            : result.Value == 0 ? $"{shared}inconclusive, no difference observed"
            : $"{shared}inconclusive";
    }

    private static string Verdict(ApproachDifference d) => d.Verdict switch
    {
        DecisionVerdict.FirstBetter => $"{d.First.Kind.Title} beats {d.Second.Kind.Title}",
        DecisionVerdict.SecondBetter => $"{d.Second.Kind.Title} beats {d.First.Kind.Title}",
        DecisionVerdict.Inconclusive => Undecided(d),
        _ => $"not compared: {NotCompared}",
    };

    /// <summary>What the leader costs per case beside the cheapest other approach; null without costs to set side by side.</summary>
    private static string? CostClause(RunDecision decision, ApproachStanding leader)
    {
        if (decision.CostOf(leader.Best) is not { } own)
        {
            return null;
        }
        var cheapest = decision.Approaches
            .Where(a => a != leader && decision.CostOf(a.Best) is not null)
            .MinBy(a => decision.CostOf(a.Best));
        if (cheapest is null)
        {
            return null;
        }
        var other = decision.CostOf(cheapest.Best)!.Value;
        var otherName = cheapest.Kind.Title;
        if (own <= other)
        {
            return $"it is the cheapest approach per case ({CostText(own, decision)})";
        }
        if (other == 0)
        {
            return $"it costs {CostText(own, decision)} per case where {otherName} costs nothing";
        }
        var ratio = DisplayFormat.Value(own / other, "0.0");
        return decision.Cost == CostMeasure.Money
            ? $"it costs {ratio}× as much per case as {otherName} ({CostText(own, decision)} vs {CostText(other, decision)})"
            : $"it costs {ratio}× the tokens per case of {otherName} ({DisplayFormat.Value(own, TokenFormat)} vs {DisplayFormat.Value(other, TokenFormat)})";
    }

    private static string CostText(double cost, RunDecision decision) => decision.Cost == CostMeasure.Money
        ? $"{decision.Money!.Unit} {DisplayFormat.Value(cost, decision.Money.Format)}"
        : $"{DisplayFormat.Value(cost, TokenFormat)} tokens";

    private static string ParetoCell(PipelineStanding pipeline)
    {
        var on = new[] { pipeline.ParetoOnCost == true ? "cost" : null, pipeline.ParetoOnLatency == true ? "latency" : null }.OfType<string>().ToList();
        return on.Count > 0 ? string.Join(" and ", on)
            : pipeline.ParetoOnCost is null && pipeline.ParetoOnLatency is null ? "–"
            : "no";
    }

    /// <summary>"0.0123", or "&lt; 0.0001" rather than a row of zeros.</summary>
    private static string PValue(double p) => p < 0.0001 ? "< 0.0001" : DisplayFormat.Value(p, "0.0000");

    private static string Count(int count, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{count:#,0} {noun}{(count == 1 ? "" : "s")}");

    /// <summary>"a", "a and b", "a, b and c".</summary>
    private static string Join(IEnumerable<string> parts)
    {
        var list = parts.ToList();
        return list.Count == 1 ? list[0] : $"{string.Join(", ", list.Take(list.Count - 1))} and {list[^1]}";
    }
}
