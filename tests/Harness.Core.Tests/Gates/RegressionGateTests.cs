using Harness.Core.Gates;
using Harness.Core.Results;
using NUnit.Framework;

namespace Harness.Core.Tests.Gates;

public sealed class RegressionGateTests
{
    private static readonly GateOptions _options = GateOptions.Default;

    private static IEnumerable<double> Cycle(int n, params double[] pattern) => Enumerable.Range(0, n).Select(i => pattern[i % pattern.Length]);

    private static GateResult Check(RunResult current, RunResult baseline, string metric = "recall@5", double margin = 0.02) =>
        PairedCheck.ResolveAll([RegressionGate.Prepare("regression", current, baseline, "rag", metric, margin, _options)])[0];

    [Test]
    public void ARunIsNotRegressedAgainstItself()
    {
        var run = new RunBuilder().Values("rag", RunBuilder.Recall, Cycle(40, 1, 0.8, 0.6, 0)).Build();

        var result = Check(run, run);

        Assert.Multiple(() =>
        {
            Assert.That(result.Verdict, Is.EqualTo(GateVerdict.Pass));
            Assert.That((result.CiLow, result.Value, result.CiHigh), Is.EqualTo((0.0, 0.0, 0.0)));
            Assert.That(result.PValue, Is.EqualTo(1.0));
            Assert.That(result.WorstCase, Is.Null);
            Assert.That(result.Message, Does.Contain("No case is worse in rag than in baseline rag"));
        });
    }

    [Test]
    public void ALargeDropIsRegressedWithItsCiAndPValue()
    {
        var baseline = new RunBuilder().Values("rag", RunBuilder.Recall, Cycle(40, 1, 1, 0.8, 1)).Build();
        var current = new RunBuilder().Values("rag", RunBuilder.Recall, Cycle(40, 0.2, 0, 0.4, 0.2)).Build();

        var result = Check(current, baseline);

        Assert.Multiple(() =>
        {
            Assert.That(result.Verdict, Is.EqualTo(GateVerdict.Fail));
            Assert.That(result.Value, Is.EqualTo(-0.75).Within(1e-12));
            Assert.That(result.CiHigh, Is.LessThan(-0.02));
            Assert.That(result.PValue, Is.LessThan(0.001));
            Assert.That(result.Message, Does.Contain("recall@5: rag 0.200 vs baseline rag 0.950 on n = 40 shared cases; difference -0.750, 95% CI ["));
            Assert.That(result.Message, Does.Contain("required: CI of the change not below -0.02 (non-inferiority) → fail"));
            Assert.That(result.Message, Does.Contain("Worst case: c001 (fixture.jsonl:2): 0.000 vs 1.000"));
        });
    }

    [Test]
    public void ANoisyChangeNearTheMarginIsInconclusive()
    {
        var baseline = new RunBuilder().Values("rag", RunBuilder.Recall, Cycle(40, 0.6, 0.4)).Build();
        var current = new RunBuilder().Values("rag", RunBuilder.Recall, Cycle(40, 0.4, 0.58)).Build();

        var result = Check(current, baseline);

        Assert.Multiple(() =>
        {
            Assert.That(result.Verdict, Is.EqualTo(GateVerdict.Inconclusive));
            Assert.That(result.CiLow, Is.LessThan(-0.02));
            Assert.That(result.CiHigh, Is.GreaterThan(-0.02));
        });
    }

    [Test]
    public void SlowerLatencyBeyondTheMarginIsARegression()
    {
        var baseline = new RunBuilder().Values("rag", RunBuilder.Latency, Cycle(40, 100, 110)).Build();
        var current = new RunBuilder().Values("rag", RunBuilder.Latency, Cycle(40, 150, 160)).Build();

        var result = Check(current, baseline, "latency_ms", margin: 10);

        Assert.Multiple(() =>
        {
            Assert.That(result.Verdict, Is.EqualTo(GateVerdict.Fail));
            Assert.That(result.Threshold, Is.EqualTo(10));
            Assert.That(result.Message, Does.Contain("(lower is better)"));
        });
    }

    [Test]
    public void ACurrentCaseInErrorFailsTheCheck()
    {
        var baseline = new RunBuilder().Values("rag", RunBuilder.Recall, Cycle(40, 1.0)).Build();
        var current = new RunBuilder().Values("rag", RunBuilder.Recall, Cycle(40, 1.0)).Error("rag", "c002", "model crashed").Build();

        Assert.That(Check(current, baseline).Verdict, Is.EqualTo(GateVerdict.Fail));
    }

    [Test]
    public void BaselineCasesInErrorAreLeftOutOfThePairing()
    {
        var baseline = new RunBuilder().Values("rag", RunBuilder.Recall, Cycle(40, 1.0)).Error("rag", "c002", "old failure").Build();
        var current = new RunBuilder().Values("rag", RunBuilder.Recall, Cycle(40, 1.0)).Build();

        var result = Check(current, baseline);

        Assert.Multiple(() =>
        {
            Assert.That(result.Verdict, Is.EqualTo(GateVerdict.Pass));
            Assert.That(result.N, Is.EqualTo(39));
            Assert.That(result.Message, Does.Contain("(1 baseline cases in error excluded)"));
        });
    }

    [Test]
    public void AMetricMissingFromTheBaselineIsInconclusive()
    {
        var baseline = new RunBuilder().Values("rag", RunBuilder.TokenF1, Cycle(40, 1.0)).Build();
        var current = new RunBuilder().Values("rag", RunBuilder.Recall, Cycle(40, 1.0)).Build();

        var result = Check(current, baseline);

        Assert.Multiple(() =>
        {
            Assert.That(result.Verdict, Is.EqualTo(GateVerdict.Inconclusive));
            Assert.That(result.Message, Does.Contain("save a new baseline"));
        });
    }
}
