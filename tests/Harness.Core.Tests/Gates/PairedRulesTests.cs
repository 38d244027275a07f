using Harness.Core.Gates;
using Harness.Core.Statistics;
using NUnit.Framework;

namespace Harness.Core.Tests.Gates;

public sealed class PairedRulesTests
{
    [TestCase(0.10, 0.05, 0.15, 0.001, GateVerdict.Pass, TestName = "Beats: significantly better passes")]
    [TestCase(0.02, -0.01, 0.05, 0.30, GateVerdict.Inconclusive, TestName = "Beats: better but not significant is inconclusive")]
    [TestCase(0.00, 0.00, 0.00, 1.00, GateVerdict.Fail, TestName = "Beats: a CI at zero fails")]
    [TestCase(-0.10, -0.15, -0.05, 0.001, GateVerdict.Fail, TestName = "Beats: significantly worse fails")]
    public void BeatsRule(double estimate, double low, double high, double adjustedP, GateVerdict expected)
    {
        Assert.That(PairedRules.Beats(new ConfidenceInterval(estimate, low, high, 0.95), adjustedP, 0, 0.05), Is.EqualTo(expected));
    }

    [TestCase(0.00, -0.01, 0.01, 1.00, GateVerdict.Pass, TestName = "Non-inferior: CI above minus margin passes")]
    [TestCase(-0.02, -0.02, 0.00, 0.50, GateVerdict.Pass, TestName = "Non-inferior: CI low exactly at minus margin passes")]
    [TestCase(-0.10, -0.15, -0.05, 0.001, GateVerdict.Fail, TestName = "Non-inferior: whole CI below minus margin fails")]
    [TestCase(-0.04, -0.07, -0.01, 0.01, GateVerdict.Fail, TestName = "Non-inferior: significant and worse than the margin fails")]
    [TestCase(-0.04, -0.07, -0.01, 0.20, GateVerdict.Inconclusive, TestName = "Non-inferior: worse than the margin but not significant is inconclusive")]
    [TestCase(-0.01, -0.05, 0.03, 0.60, GateVerdict.Inconclusive, TestName = "Non-inferior: CI across minus margin is inconclusive")]
    public void NonInferiorityRule(double estimate, double low, double high, double adjustedP, GateVerdict expected)
    {
        Assert.That(PairedRules.NonInferior(new ConfidenceInterval(estimate, low, high, 0.95), adjustedP, 0.02, 0.05), Is.EqualTo(expected));
    }

    [Test]
    public void OrientingALowerIsBetterDifferenceSwapsAndNegatesTheEnds()
    {
        var oriented = PairedRules.Orient(new ConfidenceInterval(10, 5, 20, 0.95), higherIsBetter: false);

        Assert.That(oriented, Is.EqualTo(new ConfidenceInterval(-10, -20, -5, 0.95)));
    }
}
