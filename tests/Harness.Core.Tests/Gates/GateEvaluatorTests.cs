using Harness.Core.Gates;
using Harness.Core.Results;
using Harness.Core.Suites;
using NUnit.Framework;

namespace Harness.Core.Tests.Gates;

public sealed class GateEvaluatorTests
{
    private static IEnumerable<double> Cycle(int n, params double[] pattern) => Enumerable.Range(0, n).Select(i => pattern[i % pattern.Length]);

    private static SuiteDefinition Suite(params GateDefinition[] gates) => new()
    {
        Name = "smoke",
        Dataset = "fixture",
        Pipelines = [],
        Gates = gates,
        SourcePath = "suites/smoke.yaml",
    };

    private static RunBuilder GoodRun() => new RunBuilder()
        .Values("rag", RunBuilder.Recall, Cycle(40, 1, 0.8, 1, 0.6))
        .Values("rag", RunBuilder.TokenF1, Cycle(40, 0.8, 0.9, 0.7))
        .Values("closed-book", RunBuilder.TokenF1, Cycle(40, 0.2, 0.3, 0.1));

    private static IReadOnlyList<GateResult> Evaluate(SuiteDefinition suite, RunResult run, RunResult? baseline = null) =>
        GateEvaluator.Evaluate(suite, run, baseline, GateOptions.Default);

    [Test]
    public void EveryDeclaredGateGetsAResultNamedAsASentence()
    {
        var suite = Suite(
            new ThresholdGateDefinition("recall@5", "rag", 0.6, null),
            new CompareGateDefinition("token_f1", "rag", "closed-book", 0),
            new ErrorBudgetGateDefinition(0.02));

        var results = Evaluate(suite, GoodRun().Build());

        Assert.Multiple(() =>
        {
            Assert.That(results.Select(r => r.Name), Is.EqualTo(new[]
            {
                "smoke / rag / recall@5 ≥ 0.60",
                "smoke / rag beats closed-book on token_f1",
                "smoke / errors ≤ 2%",
            }));
            Assert.That(results.Select(r => r.GateIndex), Is.EqualTo(new[] { 0, 1, 2 }));
            Assert.That(results.Select(r => r.Verdict), Is.All.EqualTo(GateVerdict.Pass));
        });
    }

    [Test]
    public void APipelineForcedToErrorCannotPassAnyGateThatNeedsItsCases()
    {
        var suite = Suite(
            new ThresholdGateDefinition("recall@5", "rag", 0.6, null),
            new ThresholdGateDefinition("token_f1", null, 0.0, null),
            new CompareGateDefinition("token_f1", "rag", "closed-book", 0),
            new CompareGateDefinition("token_f1", "closed-book", "rag", 0),
            new RegressionGateDefinition(0.5, []),
            new ErrorBudgetGateDefinition(0.02));
        var baseline = GoodRun().Build();
        var broken = GoodRun().Error("rag", "c003", "forced failure").Error("rag", "c017", "forced failure").Build();

        var results = Evaluate(suite, broken, baseline);

        var needingRag = results.Where(r => r.Pipeline == "rag" || r.Reference == "rag" || r.Kind == GateKind.ErrorBudget).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(needingRag, Has.Length.EqualTo(7), "recall, token_f1 on rag, both comparisons, two regression checks, error budget");
            Assert.That(needingRag.Select(r => r.Verdict), Is.All.EqualTo(GateVerdict.Fail));
            Assert.That(results.Single(r => r.Name == "smoke / closed-book / token_f1 ≥ 0.00").Verdict, Is.EqualTo(GateVerdict.Pass));
        });
    }

    [Test]
    public void AThresholdOnEveryPipelineChecksEachPipelineThatHasTheMetric()
    {
        var results = Evaluate(Suite(new ThresholdGateDefinition("token_f1", null, 0.5, null)), GoodRun().Build());

        Assert.Multiple(() =>
        {
            Assert.That(results.Select(r => (r.Name, r.Verdict)), Is.EqualTo(new[]
            {
                ("smoke / rag / token_f1 ≥ 0.50", GateVerdict.Pass),
                ("smoke / closed-book / token_f1 ≥ 0.50", GateVerdict.Fail),
            }));
            Assert.That(GateEvaluator.Overall(results), Is.EqualTo(GateVerdict.Fail));
        });
    }

    [Test]
    public void AStrictGateTurnsInconclusiveIntoFail()
    {
        var run = new RunBuilder().Values("rag", RunBuilder.Recall, Cycle(4, 1.0)).Build();

        var lenient = Evaluate(Suite(new ThresholdGateDefinition("recall@5", "rag", 0.6, null)), run).Single();
        var strict = Evaluate(Suite(new ThresholdGateDefinition("recall@5", "rag", 0.6, null) { Strict = true }), run).Single();

        Assert.Multiple(() =>
        {
            Assert.That(lenient.Verdict, Is.EqualTo(GateVerdict.Inconclusive));
            Assert.That(strict.Verdict, Is.EqualTo(GateVerdict.Fail));
            Assert.That(strict.Message, Does.StartWith("strict gate: inconclusive (too few cases) counts as fail."));
        });
    }

    [Test]
    public void ARegressionGateWithoutABaselineIsInconclusiveAndSaysHowToSaveOne()
    {
        var result = Evaluate(Suite(new RegressionGateDefinition(0.02, [])), GoodRun().Build()).Single();

        Assert.Multiple(() =>
        {
            Assert.That(result.Verdict, Is.EqualTo(GateVerdict.Inconclusive));
            Assert.That(result.Message, Does.Contain("./harness baseline save"));
        });
    }

    [Test]
    public void ARegressionGateRefusesABaselineOfAnotherModelUnlessForced()
    {
        var suite = Suite(new RegressionGateDefinition(0.02, ["token_f1"]));
        var baseline = GoodRun().ModelSha("bb33").Build();
        var run = GoodRun().Build();

        var refused = Evaluate(suite, run, baseline).Single();
        var forced = GateEvaluator.Evaluate(suite, run, baseline, GateOptions.Default with { Force = true });

        Assert.Multiple(() =>
        {
            Assert.That(refused.Verdict, Is.EqualTo(GateVerdict.Inconclusive));
            Assert.That(refused.Message, Does.Contain("model hash differs for generator stories260K: aa11 in smoke-run vs bb33 in smoke-run"));
            Assert.That(forced.Select(r => r.Verdict), Is.All.EqualTo(GateVerdict.Pass));
            Assert.That(forced, Has.Count.EqualTo(2));
        });
    }

    [Test]
    public void ARegressionGateRefusesABaselineJudgedByAnotherSupportScorer()
    {
        var suite = Suite(new RegressionGateDefinition(0.02, ["token_f1"]));
        var baseline = GoodRun().Scorer("lexical", "lexical:v1").Build();
        var run = GoodRun().Scorer("semantic", "semantic:v1:embedder=minilm:coefficients=cccc").Build();

        var refused = Evaluate(suite, run, baseline).Single();

        Assert.Multiple(() =>
        {
            Assert.That(refused.Verdict, Is.EqualTo(GateVerdict.Inconclusive));
            Assert.That(refused.Message, Does.Contain("support scorer differs (faithfulness and hallucination judged differently): semantic:v1:embedder=minilm:coefficients=cccc in smoke-run vs lexical:v1 in smoke-run"));
            Assert.That(refused.Message, Does.Contain("refresh the baseline or force the comparison"));
        });
    }

    [Test]
    public void ARegressionGateNamingAFamilyChecksEachOfItsMetricsOnEveryPipeline()
    {
        var suite = Suite(new RegressionGateDefinition(0.02, ["answer"]));
        var run = GoodRun().Build();

        var results = Evaluate(suite, run, run);

        Assert.That(results.Select(r => r.Name), Is.EqualTo(new[]
        {
            "smoke / rag / token_f1 no worse than baseline − 0.02",
            "smoke / closed-book / token_f1 no worse than baseline − 0.02",
        }));
    }

    [Test]
    public void OverallVerdictIsTheWorstOfTheGatesResults()
    {
        static GateResult R(GateVerdict v) => new("g", v, "");

        Assert.Multiple(() =>
        {
            Assert.That(GateEvaluator.Overall([R(GateVerdict.Pass), R(GateVerdict.Inconclusive)]), Is.EqualTo(GateVerdict.Inconclusive));
            Assert.That(GateEvaluator.Overall([R(GateVerdict.Inconclusive), R(GateVerdict.Fail)]), Is.EqualTo(GateVerdict.Fail));
            Assert.That(GateEvaluator.Overall([R(GateVerdict.Pass), R(GateVerdict.Pass)]), Is.EqualTo(GateVerdict.Pass));
        });
    }

    [Test]
    public void TheGateLineShowsOnlyTheVerdictsThatOccurAndEachInconclusiveReasonOnce()
    {
        GateResult[] results =
        [
            new("a", GateVerdict.Pass, ""),
            new("b", GateVerdict.Pass, ""),
            new("c", GateVerdict.Inconclusive, "") { InconclusiveReason = InconclusiveReasons.TooFewCases },
            new("d", GateVerdict.Inconclusive, "") { InconclusiveReason = InconclusiveReasons.NoBaseline },
            new("e", GateVerdict.Inconclusive, "") { InconclusiveReason = InconclusiveReasons.TooFewCases },
            new("f", GateVerdict.Fail, ""),
        ];

        Assert.Multiple(() =>
        {
            // 2 passes, 3 inconclusive with two distinct reasons (in the order met), 1 failure.
            Assert.That(GateEvaluator.Tally(results), Is.EqualTo("2 passed, 3 inconclusive (too few cases; no baseline), 1 failed"));
            Assert.That(GateEvaluator.Tally(results[..2]), Is.EqualTo("2 passed"));
            Assert.That(GateEvaluator.Tally([]), Is.EqualTo("no gates"));
        });
    }
}
