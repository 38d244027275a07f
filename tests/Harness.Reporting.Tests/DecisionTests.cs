using Harness.Core.Results;
using Harness.Core.Statistics;
using Harness.Reporting.Charts;
using Harness.Reporting.Decision;
using Harness.Reporting.Exporters;

namespace Harness.Reporting.Tests;

/// <summary>
/// The decision's sentence, tables and Pareto marks on <see cref="DecisionRun"/>, whose verdicts are worked out by hand.
/// The paired tests are exact sign-flip tests (10 non-zero differences, 2^10 = 1,024 sign patterns):
/// <list type="bullet">
/// <item>rag-bm25 − closed-book = 0.5 on every case: only the all-plus pattern reaches the observed sum, p = 1/1024;
/// every bootstrap resample's mean is 0.5, so the CI is [0.500, 0.500];</item>
/// <item>fine-tuned − closed-book = 0.25 (6 cases) and 0.75 (4): all positive, p = 1/1024;</item>
/// <item>rag-bm25 − fine-tuned = +0.25 (cases 1–6) and −0.25 (7–10), mean 0.05: a flipped sum reaches 0.5 when at
/// least 6 of the 10 signs are plus, p = (C(10,6) + C(10,7) + C(10,8) + C(10,9) + C(10,10)) / 1024
/// = (210 + 120 + 45 + 10 + 1) / 1024 = 386/1024 = 0.377; the other direction (at least 4 plus) 848/1024.</item>
/// </list>
/// </summary>
public sealed class DecisionTests
{
    [Test]
    public void ASignificantWinSaysBeatsWithTheDifferenceItsIntervalAndTheCostRatio()
    {
        var decision = RunDecision.Build(DecisionRun.Create(["closed-book", "rag-bm25"]))!;

        // Holm over the pair's two hypotheses: 2 × 1/1024 = 0.00195 < 0.05, so RAG beats closed-book.
        // Tokens per case: RAG 190 + 10 = 200, closed-book 40 + 10 = 50, 200 / 50 = 4.0×.
        Assert.That(DecisionText.Sentence(decision), Is.EqualTo(
            "On covidqa-fixture (10 cases), RAG (rag-bm25) has the best mean Token F1, 0.750 [0.700, 0.800]: "
            + "it beats closed-book by 0.500 [0.500, 0.500]; it costs 4.0× the tokens per case of closed-book (200 vs 50)."));
    }

    [Test]
    public void AnInconclusivePairDoesNotSeparateAndSaysHowManyCasesWouldDecideIt()
    {
        var decision = RunDecision.Build(DecisionRun.Create(["rag-bm25", "fine-tuned"]))!;

        // Holm over two hypotheses: 2 × 386/1024 = 0.754 and 848/1024 = 0.828, neither below 0.05: inconclusive.
        // Cases to decide the observed mean 0.05 at α = 0.05 / 2 hypotheses = 0.025 with power 0.8: the differences
        // (+0.25 × 6, −0.25 × 4) deviate from it by 0.2 and −0.3, sd = √((6 × 0.04 + 4 × 0.09) / 9) = √(0.6 / 9) = 0.2582;
        // n = ⌈((z(0.9875) + z(0.8)) × 0.2582 / 0.05)²⌉ = ⌈((2.24140 + 0.84162) × 5.1640)²⌉ = ⌈15.921²⌉ = ⌈253.47⌉ = 254.
        Assert.That(DecisionText.Sentence(decision), Is.EqualTo(
            "On covidqa-fixture (10 cases), RAG (rag-bm25) has the best mean Token F1, 0.750 [0.700, 0.800]: "
            + "fine-tuned does not separate from it (inconclusive, about 254 cases needed); "
            + "it costs 4.0× the tokens per case of fine-tuned (200 vs 50)."));
    }

    [Test]
    public void ThreeApproachesHolmAdjustTogetherAndTheSentenceGroupsWinsBeforeOpenQuestions()
    {
        var decision = RunDecision.Build(DecisionRun.Create(["closed-book", "rag-bm25", "fine-tuned"]))!;
        var differences = DecisionText.Differences(decision);

        // Six hypotheses: 1/1024 (RAG > closed-book), 1/1024 (fine-tuned > closed-book), 386/1024, 848/1024, 1, 1.
        // Holm: the two smallest become 6/1024 = 0.0059 and max(6, 5)/1024 = 0.0059; 4 × 386/1024 > 1 caps at 1.
        // Cases for RAG − fine-tuned at α = 0.05 / 6: ⌈((z(0.99583) + z(0.8)) × 0.2582 / 0.05)²⌉ = ⌈((2.63826 + 0.84162) × 5.1640)²⌉
        // = ⌈17.970²⌉ = ⌈322.92⌉ = 323.
        // Fine-tuned and closed-book both cost 50 tokens: the cheaper approach first in the ranking (fine-tuned) is named.
        Assert.Multiple(() =>
        {
            Assert.That(DecisionText.Sentence(decision), Is.EqualTo(
                "On covidqa-fixture (10 cases), RAG (rag-bm25) has the best mean Token F1, 0.750 [0.700, 0.800]: "
                + "it beats closed-book by 0.500 [0.500, 0.500]; fine-tuned does not separate from it (inconclusive, about 323 cases needed); "
                + "it costs 4.0× the tokens per case of fine-tuned (200 vs 50)."));
            // The difference column leads with the mean difference; the bootstrap CIs of the varying pairs are not worked out here.
            Assert.That(differences.Rows.Select(r => string.Join(" | ", r.Where((_, i) => i != 2))), Is.EqualTo(new[]
            {
                "RAG vs fine-tuned | rag-bm25 − fine-tuned | 10 | 1.0000 | inconclusive, about 323 cases needed",
                "RAG vs closed-book | rag-bm25 − closed-book | 10 | 0.0059 | RAG beats closed-book",
                "fine-tuned vs closed-book | fine-tuned − closed-book | 10 | 0.0059 | fine-tuned beats closed-book",
            }));
            // 0.75 − 0.7 = 0.05; the constant 0.5 has the zero-width CI; (0.25 × 6 + 0.75 × 4) / 10 = 0.45.
            Assert.That(differences.Rows.Select(r => r[2][..6]), Is.EqualTo(new[] { "0.050 ", "0.500 ", "0.450 " }));
            Assert.That(differences.Rows[1][2], Is.EqualTo("0.500 [0.500, 0.500]"));
            Assert.That(decision.Comparisons, Is.EqualTo(3), "three pipelines of three approaches make three pairs");
        });
    }

    [Test]
    public void ApproachesUndecidedForTheSameReasonShareAClauseAndAFreeApproachCostsNothing()
    {
        var decision = RunDecision.Build(DecisionRun.Create(["rag-dense", "extractive", "fine-tuned"]))!;

        // fine-tuned (0.7) leads; against rag-dense and against extractive (both 0.5 on every case) its differences are
        // 0 on cases 1–6 and 0.5 on cases 7–10: 4 non-zero, p = 1/16 each, Holm over 6 hypotheses 6/16 = 0.375: inconclusive.
        // Mean 0.2, deviations −0.2 (× 6) and 0.3 (× 4), sd = √(0.6 / 9) = 0.2582; at α = 0.05 / 6:
        // n = ⌈((2.63826 + 0.84162) × 0.2582 / 0.2)²⌉ = ⌈4.4925²⌉ = ⌈20.18⌉ = 21 for both, so one clause names both.
        // Extractive spends no tokens.
        Assert.That(DecisionText.Sentence(decision), Is.EqualTo(
            "On covidqa-fixture (10 cases), fine-tuned has the best mean Token F1, 0.700 [0.650, 0.750]: "
            + "RAG (rag-dense) and extractive do not separate from it (inconclusive, about 21 cases needed); "
            + "it costs 50 tokens per case where extractive costs nothing."));
    }

    [Test]
    public void IdenticalAnswersAreInconclusiveWithNoDifferenceObserved()
    {
        var decision = RunDecision.Build(DecisionRun.Create(["extractive", "rag-dense"]))!;

        // Both score 0.5 on every case: every difference is 0, both one-sided p-values are 1, and no number of cases decides
        // a difference of 0. The tie keeps registry order (RAG before extractive); extractive is the cheaper (0 tokens).
        Assert.That(DecisionText.Sentence(decision), Is.EqualTo(
            "On covidqa-fixture (10 cases), RAG (rag-dense) has the best mean Token F1, 0.500 [0.450, 0.550]: "
            + "extractive does not separate from it (inconclusive, no difference observed); "
            + "it costs 200 tokens per case where extractive costs nothing."));
    }

    [Test]
    public void OneApproachOnlySaysSoPlainlyAndNamesItsBestPipeline()
    {
        var decision = RunDecision.Build(DecisionRun.Create(["rag-dense", "rag-bm25"]))!;

        Assert.Multiple(() =>
        {
            // rag-bm25's mean 0.75 is above rag-dense's 0.5, so it leads the approach's list.
            Assert.That(DecisionText.Sentence(decision), Is.EqualTo(
                "On covidqa-fixture (10 cases), only one approach ran, RAG (rag-bm25, rag-dense), so there is no other approach to compare it with; "
                + "the best mean Token F1 is rag-bm25's, 0.750 [0.700, 0.800]."));
            Assert.That(decision.Differences, Is.Empty);
            Assert.That(decision.Comparisons, Is.Zero, "pipelines of one approach are not tested against each other");
        });
    }

    [Test]
    public void ASinglePipelineIsOneApproachWithNothingToCompare()
    {
        var decision = RunDecision.Build(DecisionRun.Create(["fine-tuned"]))!;

        Assert.That(DecisionText.Sentence(decision), Is.EqualTo(
            "On covidqa-fixture (10 cases), only one approach ran, fine-tuned (fine-tuned), so there is no other approach to compare it with; "
            + "it scores 0.700 [0.650, 0.750] on Token F1."));
    }

    [Test]
    public void AChosenVariantIsNamedInTheSentenceAndItsSelectionInTheTable()
    {
        var selection = new PipelineSelection("rag-bm25", "top_k=5", Candidates: 3, DevScore: new ConfidenceInterval(0.72, 0.66, 0.78, 0.95));
        var run = DecisionRun.Create(["closed-book", "rag-bm25"], new Dictionary<string, PipelineSelection> { ["rag-bm25"] = selection });

        var decision = RunDecision.Build(run)!;

        Assert.Multiple(() =>
        {
            Assert.That(DecisionText.Sentence(decision), Does.StartWith("On covidqa-fixture (10 cases), RAG (rag-bm25, variant top_k=5) has the best mean Token F1"));
            Assert.That(DecisionText.Approaches(decision).Rows[0][1],
                Is.EqualTo("rag-bm25, variant top_k=5 (chosen of 3 on rag-bm25's dev split, dev 0.720 [0.660, 0.780])"));
        });
    }

    [Test]
    public void TheApproachTableGivesScoreCostLatencyAndParetoMarks()
    {
        var decision = RunDecision.Build(DecisionRun.Create(["closed-book", "rag-bm25", "fine-tuned"]))!;

        var table = DecisionText.Approaches(decision);

        // Against tokens: fine-tuned (0.7, 50) dominates closed-book (0.25, 50); RAG (0.75, 200) has the best score.
        // Against p95 latency every pipeline is optimal: closed-book is the fastest (100 ms), fine-tuned (120 ms) is faster
        // than RAG and scores above closed-book, RAG (300 ms) scores best.
        Assert.Multiple(() =>
        {
            Assert.That(table.Columns.Select(c => c.Title), Is.EqualTo(new[]
            {
                "Approach", "Pipeline", "Token F1 (95% CI)", "Tokens per case", "p95 latency (ms)", "Pareto-optimal",
            }));
            Assert.That(table.Rows.Select(r => string.Join(" | ", r)), Is.EqualTo(new[]
            {
                "RAG | rag-bm25 | 0.750 [0.700, 0.800] | 200 | 300.0 | cost and latency",
                "fine-tuned | fine-tuned | 0.700 [0.650, 0.750] | 50 | 120.0 | cost and latency",
                "closed-book | closed-book | 0.250 [0.200, 0.300] | 50 | 100.0 | latency",
            }));
        });
    }

    [Test]
    public void TheParetoChartsRingTheOptimalPipelinesOnTheirAxes()
    {
        var run = DecisionRun.Create(["closed-book", "rag-bm25", "fine-tuned"]);
        var decision = RunDecision.Build(run)!;

        var charts = DecisionCharts.Build(decision, RunCharts.Colors(run, []));

        string Optimal(ChartModel chart) => string.Join(", ", chart.Series.Where(s => s.Points[0].Optimal).Select(s => s.Name));
        Assert.Multiple(() =>
        {
            Assert.That(charts.Select(c => c.Name), Is.EqualTo(new[] { DecisionCharts.CostChart, DecisionCharts.LatencyChart }));
            Assert.That(charts[0].Series.Select(s => (s.Name, s.Points[0].X, s.Points[0].Value)), Is.EqualTo(new[]
            {
                ("rag-bm25", (double?)200, 0.75), ("fine-tuned", (double?)50, 0.7), ("closed-book", (double?)50, 0.25),
            }));
            Assert.That(Optimal(charts[0]), Is.EqualTo("rag-bm25, fine-tuned"));
            Assert.That(charts[0].Series.Single(s => s.Name == "closed-book").Points[0].Label, Is.Null, "only the frontier is named beside its points");
            Assert.That(Optimal(charts[1]), Is.EqualTo("rag-bm25, fine-tuned, closed-book"));
            Assert.That(charts[1].X.Title, Is.EqualTo("p95 total latency (ms)"));
        });
    }

    [Test]
    public void SummaryMarkdownOpensWithTheDecisionBeforeTheGates()
    {
        var markdown = MarkdownSummaryExporter.Render(DecisionRun.Create(["closed-book", "rag-bm25"]));

        var decision = markdown.IndexOf("## Decision: Token F1 on covidqa-fixture", StringComparison.Ordinal);
        Assert.Multiple(() =>
        {
            Assert.That(decision, Is.GreaterThan(0));
            Assert.That(decision, Is.LessThan(markdown.IndexOf("## Gates", StringComparison.Ordinal)));
            // Markdown escapes the sentence's parentheses and brackets so no link can form.
            Assert.That(markdown, Does.Contain("RAG \\(rag-bm25\\) has the best mean Token F1, 0.750 \\[0.700, 0.800\\]: it beats closed-book by 0.500"));
            Assert.That(markdown, Does.Contain("| RAG vs closed-book | rag-bm25 − closed-book | 0.500 \\[0.500, 0.500\\] | 10 | 0.0020 | RAG beats closed-book |"));
        });
    }

    [Test]
    public void ARunWithoutAHeadlineValueHasNothingToDecide()
    {
        var run = DecisionRun.Create(["closed-book"]);
        run = run with { Summary = [.. run.Summary.Where(s => s.MetricId != "token_f1")] };

        Assert.That(DecisionText.Sentence(RunDecision.Build(run)!), Is.EqualTo(
            "On covidqa-fixture (10 cases), no pipeline has a Token F1 value, so there is nothing to decide."));
    }
}
