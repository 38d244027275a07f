using Harness.Core.Gates;
using Harness.Core.Metrics;
using NUnit.Framework;

namespace Harness.Core.Tests.Gates;

public sealed class ThresholdGateTests
{
    private static readonly GateOptions _options = GateOptions.Default;

    private static IEnumerable<double> Cycle(int n, params double[] pattern) => Enumerable.Range(0, n).Select(i => pattern[i % pattern.Length]);

    private static GateResult Min(RunBuilder builder, double min) =>
        ThresholdGate.Evaluate("smoke / rag / recall@5 ≥ x", builder.Build(), "rag", "recall@5", min, null, _options);

    [Test]
    public void PassesWhenTheLowerCiBoundClearsTheMinimum()
    {
        var result = Min(new RunBuilder().Values("rag", RunBuilder.Recall, Cycle(40, 1, 1, 0.8, 1, 0.6)), 0.60);

        Assert.Multiple(() =>
        {
            Assert.That(result.Verdict, Is.EqualTo(GateVerdict.Pass));
            Assert.That(result.Value, Is.EqualTo(0.88).Within(1e-12));
            Assert.That(result.CiLow, Is.GreaterThanOrEqualTo(0.60));
            Assert.That(result.N, Is.EqualTo(40));
        });
    }

    [Test]
    public void TighteningTheMinimumTurnsThePassIntoAFailThatGivesTheEvidence()
    {
        var builder = new RunBuilder().Values("rag", RunBuilder.Recall, Cycle(40, 1, 1, 0.8, 1, 0.6));

        var result = Min(builder, 0.95);

        Assert.Multiple(() =>
        {
            Assert.That(result.Verdict, Is.EqualTo(GateVerdict.Fail));
            Assert.That(result.CiHigh, Is.LessThan(0.95));
            Assert.That(result.Message, Does.StartWith("recall@5 of rag = 0.880, 95% CI ["));
            Assert.That(result.Message, Does.Contain("n = 40; required: CI low ≥ 0.95 → fail"));
            // The lowest value (0.6) first occurs at the fifth case, fixture.jsonl line 5.
            Assert.That(result.Message, Does.Contain("Worst case: c004 (fixture.jsonl:5) = 0.600"));
            Assert.That(result.WorstCase, Is.EqualTo("c004 (fixture.jsonl:5)"));
        });
    }

    [Test]
    public void AnUndecidedGateOnValuesThatDoNotVaryNamesNoNumberOfCases()
    {
        // 60 exact matches out of 60: the Clopper–Pearson low is 0.025^(1/60) = e^(−3.6889/60) = 0.9404, so the CI
        // [0.940, 1.000] straddles a max of 0.95; the values' sd is 0, so the normal approximation has nothing to scale
        // by (it used to print "about 1 cases would be needed to decide a gap of 0.050").
        var exactMatch = new MetricDescriptor("exact_match", "Exact match", "answer", "", HigherIsBetter: true, Proportion: true);
        var built = new RunBuilder().Values("rag", exactMatch, Cycle(60, 1)).Build();
        var run = built with { Metrics = [.. built.Metrics, exactMatch] };

        var result = ThresholdGate.Evaluate("smoke / rag / exact_match ≤ 0.95", run, "rag", "exact_match", null, 0.95, _options);

        Assert.Multiple(() =>
        {
            Assert.That(result.Verdict, Is.EqualTo(GateVerdict.Inconclusive));
            Assert.That(result.CiLow, Is.EqualTo(0.9404).Within(1e-4));
            Assert.That(result.Message, Does.Contain("the CI straddles 0.95. Worst case"));
            Assert.That(result.Message, Does.Not.Contain("cases would be needed"));
            Assert.That(result.RequiredN, Is.Null);
        });
    }

    [Test]
    public void IsInconclusiveWhenTheCiStraddlesTheMinimumAndSaysHowManyCasesAreNeeded()
    {
        var result = Min(new RunBuilder().Values("rag", RunBuilder.Recall, Cycle(30, 0, 1)), 0.52);

        Assert.Multiple(() =>
        {
            Assert.That(result.Verdict, Is.EqualTo(GateVerdict.Inconclusive));
            Assert.That(result.InconclusiveReason, Is.EqualTo(InconclusiveReasons.IntervalStraddlesBound));
            Assert.That(result.CiLow, Is.LessThan(0.52));
            Assert.That(result.CiHigh, Is.GreaterThan(0.52));
            // sd ≈ 0.509, gap 0.02: ((1.96 + 0.84) · 0.509 / 0.02)² ≈ 5,080 cases.
            Assert.That(result.RequiredN, Is.InRange(5000, 5200));
            Assert.That(result.Message, Does.Contain($"the CI straddles 0.52; about {result.RequiredN} cases would be needed to decide a gap of 0.020"));
        });
    }

    [Test]
    public void MaximumGateIsDecidedOnTheUpperBound()
    {
        var builder = new RunBuilder().Values("rag", RunBuilder.Latency, Cycle(40, 180, 200, 220));
        var run = builder.Build();

        var loose = ThresholdGate.Evaluate("latency ≤ 500", run, "rag", "latency_ms", null, 500, _options);
        var tight = ThresholdGate.Evaluate("latency ≤ 150", run, "rag", "latency_ms", null, 150, _options);

        Assert.Multiple(() =>
        {
            Assert.That(loose.Verdict, Is.EqualTo(GateVerdict.Pass));
            Assert.That(tight.Verdict, Is.EqualTo(GateVerdict.Fail));
            Assert.That(tight.Message, Does.Contain("required: CI high ≤ 150"));
            Assert.That(tight.Message, Does.Contain("= 220.0"));
        });
    }

    [Test]
    public void TooFewCasesAreInconclusiveEvenWhenEveryValueIsPerfect()
    {
        var result = Min(new RunBuilder().Values("rag", RunBuilder.Recall, Cycle(4, 1.0)), 0.5);

        Assert.Multiple(() =>
        {
            Assert.That(result.Verdict, Is.EqualTo(GateVerdict.Inconclusive));
            Assert.That(result.InconclusiveReason, Is.EqualTo(InconclusiveReasons.TooFewCases));
            Assert.That(result.RequiredN, Is.EqualTo(5));
            Assert.That(result.Message, Does.Contain("only 4 usable cases (fewer than 5); about 5 would be needed"));
        });
    }

    [Test]
    public void APipelineErrorOnOneCaseFailsAGateTheOtherCasesWouldPass()
    {
        var builder = new RunBuilder()
            .Values("rag", RunBuilder.Recall, Cycle(40, 1.0))
            .Error("rag", "c005", "generation timed out");

        var result = Min(builder, 0.6);

        Assert.Multiple(() =>
        {
            Assert.That(result.Verdict, Is.EqualTo(GateVerdict.Fail));
            Assert.That(result.Message, Does.StartWith("1 of 40 cases of recall@5 in rag are in error (first: c005 (fixture.jsonl:6): generation timed out)"));
        });
    }

    [Test]
    public void AMetricInErrorFailsTheGateToo()
    {
        var builder = new RunBuilder()
            .Values("rag", RunBuilder.Recall, Cycle(40, 1.0))
            .Value("rag", "c003", MetricValue.Error("recall@5", "retrieved ids missing"));

        Assert.That(Min(builder, 0.6).Verdict, Is.EqualTo(GateVerdict.Fail));
    }

    [Test]
    public void InconclusiveValuesAreLeftOutAndCounted()
    {
        var builder = new RunBuilder().Values("rag", RunBuilder.Recall, Cycle(40, 1.0, 0.9));
        for (var i = 40; i < 45; i++)
        {
            builder.Value("rag", RunBuilder.CaseId(i), MetricValue.Inconclusive("recall@5", "no gold evidence"));
        }

        var result = Min(builder, 0.6);

        Assert.Multiple(() =>
        {
            Assert.That(result.Verdict, Is.EqualTo(GateVerdict.Pass));
            Assert.That(result.N, Is.EqualTo(40));
            Assert.That(result.Message, Does.Contain("n = 40 (5 inconclusive excluded)"));
        });
    }

    [Test]
    public void AMetricTheRunNeverProducedFailsTheGate()
    {
        var builder = new RunBuilder().Values("rag", RunBuilder.TokenF1, Cycle(40, 1.0));

        var result = Min(builder, 0.6);

        Assert.Multiple(() =>
        {
            Assert.That(result.Verdict, Is.EqualTo(GateVerdict.Fail));
            Assert.That(result.Message, Does.StartWith("the run has no recall@5 values for pipeline rag"));
        });
    }
}
