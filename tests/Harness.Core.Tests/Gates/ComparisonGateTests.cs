using Harness.Core.Gates;
using NUnit.Framework;

namespace Harness.Core.Tests.Gates;

public sealed class ComparisonGateTests
{
    private static readonly GateOptions _options = GateOptions.Default;

    private static IEnumerable<double> Cycle(int n, params double[] pattern) => Enumerable.Range(0, n).Select(i => pattern[i % pattern.Length]);

    private static GateResult RagBeatsClosedBook(RunBuilder builder, string metric = "token_f1") =>
        ComparisonGate.Evaluate("smoke / rag beats closed-book on " + metric, builder.Build(), "rag", "closed-book", metric, 0, _options);

    [Test]
    public void PassesWhenThePipelineIsSignificantlyBetterOnSharedCases()
    {
        var result = RagBeatsClosedBook(new RunBuilder()
            .Values("rag", RunBuilder.TokenF1, Cycle(40, 0.8, 0.9, 1.0, 0.7))
            .Values("closed-book", RunBuilder.TokenF1, Cycle(40, 0.3, 0.5, 0.2, 0.4)));

        Assert.Multiple(() =>
        {
            Assert.That(result.Verdict, Is.EqualTo(GateVerdict.Pass));
            Assert.That(result.Value, Is.EqualTo(0.5).Within(1e-12));
            Assert.That(result.AdjustedPValue, Is.LessThan(0.05));
            Assert.That(result.Message, Does.Contain("token_f1: rag 0.850 vs closed-book 0.350 on n = 40 shared cases; difference +0.500"));
        });
    }

    [Test]
    public void IdenticalPipelinesNeitherBeatNorTrailEachOther()
    {
        // Every difference is 0, so every sign pattern has sum 0: both one-sided p-values are 1 and neither branch decides.
        var result = RagBeatsClosedBook(new RunBuilder()
            .Values("rag", RunBuilder.TokenF1, Cycle(40, 0.5, 0.7))
            .Values("closed-book", RunBuilder.TokenF1, Cycle(40, 0.5, 0.7)));

        Assert.Multiple(() =>
        {
            Assert.That(result.Verdict, Is.EqualTo(GateVerdict.Inconclusive));
            Assert.That(result.PValue, Is.EqualTo(1.0));
            Assert.That(result.Message, Does.Contain("no difference was observed"));
        });
    }

    [Test]
    public void ASmallNoisyDifferenceIsInconclusiveAndSaysHowManyCasesWouldDecideIt()
    {
        var result = RagBeatsClosedBook(new RunBuilder()
            .Values("rag", RunBuilder.TokenF1, Cycle(40, 0.6, 0.4))
            .Values("closed-book", RunBuilder.TokenF1, Cycle(40, 0.4, 0.58)));

        Assert.Multiple(() =>
        {
            Assert.That(result.Verdict, Is.EqualTo(GateVerdict.Inconclusive));
            Assert.That(result.RequiredN, Is.GreaterThan(40));
            Assert.That(result.Message, Does.Contain($"about {result.RequiredN} cases would be needed"));
        });
    }

    [Test]
    public void LowerIsBetterMetricsAreComparedInTheirOwnDirection()
    {
        var result = RagBeatsClosedBook(new RunBuilder()
            .Values("rag", RunBuilder.Latency, Cycle(40, 100, 120))
            .Values("closed-book", RunBuilder.Latency, Cycle(40, 200, 210)), "latency_ms");

        Assert.Multiple(() =>
        {
            Assert.That(result.Verdict, Is.EqualTo(GateVerdict.Pass));
            Assert.That(result.Value, Is.EqualTo(-95).Within(1e-9));
        });
    }

    [Test]
    public void AMarginRaisesTheBarTheDifferenceMustClear()
    {
        // Every case is 0.1 better: it beats by more than 0.05 but not by more than 0.2.
        var run = new RunBuilder()
            .Values("rag", RunBuilder.TokenF1, Cycle(40, 0.6, 0.7, 0.8))
            .Values("closed-book", RunBuilder.TokenF1, Cycle(40, 0.5, 0.6, 0.7))
            .Build();

        var byMoreThanSmall = ComparisonGate.Evaluate("f1", run, "rag", "closed-book", "token_f1", 0.05, _options);
        var byMoreThanLarge = ComparisonGate.Evaluate("f1", run, "rag", "closed-book", "token_f1", 0.2, _options);

        Assert.Multiple(() =>
        {
            Assert.That(byMoreThanSmall.Verdict, Is.EqualTo(GateVerdict.Pass));
            Assert.That(byMoreThanLarge.Verdict, Is.EqualTo(GateVerdict.Fail));
            Assert.That(byMoreThanLarge.Message, Does.Contain("reject H0 \"rag better by ≤ 0.20\" (superiority, one-sided)"));
        });
    }

    [Test]
    public void APipelineInErrorOnSomeCasesCannotWin()
    {
        var result = RagBeatsClosedBook(new RunBuilder()
            .Values("rag", RunBuilder.TokenF1, Cycle(40, 1.0))
            .Values("closed-book", RunBuilder.TokenF1, Cycle(40, 0.0))
            .Error("rag", "c007", "context overflow"));

        Assert.Multiple(() =>
        {
            Assert.That(result.Verdict, Is.EqualTo(GateVerdict.Fail));
            Assert.That(result.Message, Does.Contain("c007 (fixture.jsonl:8): context overflow"));
        });
    }

    [Test]
    public void HolmAdjustmentAcrossTheGateSetCanMakeASignificantComparisonInconclusive()
    {
        // 15 cases +1 and 5 cases -1: the one-sided p of "rag is not better" = Σ_{k≤5} C(20,k) / 2^20
        // = (1 + 20 + 190 + 1140 + 4845 + 15504) / 1048576 = 21700 / 1048576 ≈ 0.0207. Alone the gate tests 2 hypotheses
        // (pass and fail branch): Holm multiplies the smallest p by 2 → 0.0414 < 0.05, pass. With two more gates whose
        // differences are all 0 (both their p-values 1) the family has 6 hypotheses: 6 · 0.0207 = 0.124, inconclusive.
        var run = new RunBuilder()
            .Values("rag", RunBuilder.TokenF1, Cycle(20, 1.0))
            .Values("closed-book", RunBuilder.TokenF1, Enumerable.Range(0, 20).Select(i => i < 15 ? 0.0 : 2.0))
            .Values("rag", RunBuilder.Recall, Cycle(20, 0.5))
            .Values("closed-book", RunBuilder.Recall, Cycle(20, 0.5))
            .Values("rag", RunBuilder.Latency, Cycle(20, 10))
            .Values("closed-book", RunBuilder.Latency, Cycle(20, 10))
            .Build();

        var alone = ComparisonGate.Evaluate("f1", run, "rag", "closed-book", "token_f1", 0, _options);
        var inFamily = PairedCheck.ResolveAll(
        [
            ComparisonGate.Prepare("f1", run, "rag", "closed-book", "token_f1", 0, _options),
            ComparisonGate.Prepare("recall", run, "rag", "closed-book", "recall@5", 0, _options),
            ComparisonGate.Prepare("latency", run, "rag", "closed-book", "latency_ms", 0, _options),
        ])[0];

        Assert.Multiple(() =>
        {
            Assert.That(alone.PValue, Is.EqualTo(21700.0 / 1048576).Within(1e-12));
            Assert.That(alone.AdjustedPValue, Is.EqualTo(2 * 21700.0 / 1048576).Within(1e-12));
            Assert.That(alone.Verdict, Is.EqualTo(GateVerdict.Pass));
            Assert.That(inFamily.AdjustedPValue, Is.EqualTo(6 * 21700.0 / 1048576).Within(1e-12));
            Assert.That(inFamily.Verdict, Is.EqualTo(GateVerdict.Inconclusive));
            Assert.That(inFamily.Message, Does.Contain("over the 6 hypotheses of this evaluation"));
        });
    }
}
