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
            // Shifted by the margin every difference is +0.02; only the all-plus pattern of 2^40 reaches their sum, which
            // 20,000 Monte Carlo draws miss, so p = (0 + 1) / (20,000 + 1).
            Assert.That(result.PValue, Is.EqualTo(1.0 / 20001));
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
            Assert.That(result.Message, Does.Contain("required: reject H0 \"change ≤ -0.02\" (non-inferiority, one-sided)"));
            Assert.That(result.Message, Does.Contain("→ fail"));
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
    public void SlowerLatencyBeyondTheRelativeMarginIsARegression()
    {
        // Baseline mean 105 ms, so the default 10% margin is 10.5 ms; the run is 50 ms slower on every case.
        var baseline = new RunBuilder().Values("rag", RunBuilder.Latency, Cycle(40, 100, 110)).Build();
        var current = new RunBuilder().Values("rag", RunBuilder.Latency, Cycle(40, 150, 160)).Build();

        var result = Check(current, baseline, "latency_ms", margin: 0.02);

        Assert.Multiple(() =>
        {
            Assert.That(result.Verdict, Is.EqualTo(GateVerdict.Fail));
            Assert.That(result.Threshold, Is.EqualTo(10.5).Within(1e-12));
            Assert.That(result.Message, Does.Contain("(lower is better)"));
            Assert.That(result.Message, Does.Contain("(10% of the reference mean)"));
        });
    }

    [Test]
    public void ASlowdownWithinTheRelativeMarginIsNotARegression()
    {
        // 4 ms slower on a 105 ms mean (3.8%): oriented differences -4 + margin 10.5 = +6.5 on all 40 cases → non-inferior.
        var baseline = new RunBuilder().Values("rag", RunBuilder.Latency, Cycle(40, 100, 110)).Build();
        var current = new RunBuilder().Values("rag", RunBuilder.Latency, Cycle(40, 104, 114)).Build();

        Assert.That(Check(current, baseline, "latency_ms").Verdict, Is.EqualTo(GateVerdict.Pass));
    }

    [Test]
    public void HolmCoversEveryBranchOfEveryCheckSoTwoPassesAloneAreInconclusiveTogether()
    {
        // Six identical cases, margin 0.02: shifted differences are six times +0.02, so p(pass branch) = 1/64 (only the
        // all-plus pattern reaches their sum) and p(fail branch) = 1. One check: Holm over 2 hypotheses, 2/64 = 0.031 < 0.05,
        // pass. Two such checks: 4 hypotheses, the smallest adjusted p is 4/64 = 0.0625 ≥ 0.05, so both are inconclusive.
        var run = new RunBuilder()
            .Values("rag", RunBuilder.Recall, Cycle(6, 1, 0))
            .Values("rag", RunBuilder.TokenF1, Cycle(6, 0.5))
            .Build();

        var alone = PairedCheck.ResolveAll([RegressionGate.Prepare("r", run, run, "rag", "recall@5", 0.02, _options)])[0];
        var together = PairedCheck.ResolveAll(
        [
            RegressionGate.Prepare("r", run, run, "rag", "recall@5", 0.02, _options),
            RegressionGate.Prepare("f", run, run, "rag", "token_f1", 0.02, _options),
        ]);

        Assert.Multiple(() =>
        {
            Assert.That(alone.Verdict, Is.EqualTo(GateVerdict.Pass));
            Assert.That(alone.AdjustedPValue, Is.EqualTo(2.0 / 64).Within(1e-12));
            Assert.That(together.Select(r => r.Verdict), Is.All.EqualTo(GateVerdict.Inconclusive));
            Assert.That(together[0].AdjustedPValue, Is.EqualTo(4.0 / 64).Within(1e-12));
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
