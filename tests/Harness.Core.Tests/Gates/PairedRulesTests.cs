using Harness.Core.Gates;
using Harness.Core.Statistics;
using NUnit.Framework;

namespace Harness.Core.Tests.Gates;

public sealed class PairedRulesTests
{
    [TestCase(0.001, 0.999, GateVerdict.Pass, TestName = "Rejecting 'not above the boundary' passes")]
    [TestCase(0.999, 0.001, GateVerdict.Fail, TestName = "Rejecting 'not below the boundary' fails")]
    [TestCase(0.20, 0.80, GateVerdict.Inconclusive, TestName = "Rejecting neither is inconclusive")]
    [TestCase(0.05, 0.95, GateVerdict.Inconclusive, TestName = "An adjusted p exactly at alpha rejects nothing")]
    public void DecideRule(double adjustedAbove, double adjustedBelow, GateVerdict expected)
    {
        Assert.That(PairedRules.Decide(adjustedAbove, adjustedBelow, 0.05), Is.EqualTo(expected));
    }

    [Test]
    public void NonInferiorityTestsAgainstMinusTheMarginAndSuperiorityAgainstPlusIt()
    {
        Assert.Multiple(() =>
        {
            Assert.That(PairedRules.Boundary(0.02, nonInferiority: true), Is.EqualTo(-0.02));
            Assert.That(PairedRules.Boundary(0.02, nonInferiority: false), Is.EqualTo(0.02));
        });
    }

    [Test]
    public void ACiThatStraddlesMinusTheMarginIsInconclusive()
    {
        // Oriented differences d = (0.1, -0.2, 0.0, -0.1, 0.05), margin 0.1: mean -0.03, the cases range from -0.2 to 0.1.
        // Non-inferiority shifts by +0.1: (0.2, -0.1, 0.1, 0.0, 0.15); the zero drops out, leaving magnitudes {0.2, 0.1, 0.1', 0.15}
        // (sum 0.55) and an observed sum of 0.35. A flipped subset F gives 0.55 - 2·sum(F):
        //   p(above) = P(sum ≥ 0.35) = P(sum(F) ≤ 0.1) = |{}, {0.1}, {0.1'}| / 16 = 3/16 = 0.1875
        //   p(below) = P(sum ≤ 0.35) = P(sum(F) ≥ 0.1) = 15/16 = 0.9375
        // Neither is below 0.05, so the check can say neither "non-inferior" nor "regressed".
        double[] current = [0.6, 0.3, 0.5, 0.4, 0.55];
        double[] reference = [0.5, 0.5, 0.5, 0.5, 0.5];
        var comparison = PairedComparison.Compute(current, reference, seed: 1)!;
        var (above, below) = comparison.OneSidedPValues(PairedRules.Boundary(0.1, nonInferiority: true), higherIsBetter: true);

        Assert.Multiple(() =>
        {
            Assert.That(comparison.Difference.Estimate, Is.EqualTo(-0.03).Within(1e-12));
            Assert.That(comparison.Difference.Low, Is.LessThan(-0.1), "the CI reaches below -margin");
            Assert.That(comparison.Difference.High, Is.GreaterThan(-0.1), "and above it");
            Assert.That(above, Is.EqualTo(3.0 / 16).Within(1e-12));
            Assert.That(below, Is.EqualTo(15.0 / 16).Within(1e-12));
            Assert.That(PairedRules.Decide(above, below, 0.05), Is.EqualTo(GateVerdict.Inconclusive));
        });
    }

    [Test]
    public void OrientingALowerIsBetterDifferenceSwapsAndNegatesTheEnds()
    {
        var oriented = PairedRules.Orient(new ConfidenceInterval(10, 5, 20, 0.95), higherIsBetter: false);

        Assert.That(oriented, Is.EqualTo(new ConfidenceInterval(-10, -20, -5, 0.95)));
    }
}
