using Harness.Core.Statistics;
using NUnit.Framework;

namespace Harness.Core.Tests.Statistics;

public sealed class ProportionIntervalTests
{
    // Clopper–Pearson at 95%, α/2 = 0.025. With x = n the lower end solves p^n = 0.025, so it is 0.025^(1/n);
    // with x = 0 the upper end solves (1 - p)^n = 0.025, so it is 1 - 0.025^(1/n).
    //   5/5: 0.025^(1/5) = exp(ln 0.025 / 5) = exp(-3.68888 / 5) = exp(-0.737776) = 0.478176
    //   8/8: 0.025^(1/8) = exp(-3.68888 / 8) = exp(-0.461110) = 0.630583
    //   0/5: 1 - 0.478176 = 0.521824
    [TestCase(5, 5, 1.0, 0.478176, 1.0, TestName = "Clopper–Pearson 5/5 is [0.478, 1], not [1, 1]")]
    [TestCase(8, 8, 1.0, 0.630583, 1.0, TestName = "Clopper–Pearson 8/8 is [0.631, 1]")]
    [TestCase(0, 5, 0.0, 0.0, 0.521824, TestName = "Clopper–Pearson 0/5 is [0, 0.522]")]
    public void ClopperPearsonAtTheEdges(int successes, int n, double estimate, double low, double high)
    {
        var ci = ProportionInterval.ClopperPearson(successes, n)!.Value;

        Assert.Multiple(() =>
        {
            Assert.That(ci.Estimate, Is.EqualTo(estimate));
            Assert.That(ci.Low, Is.EqualTo(low).Within(1e-6));
            Assert.That(ci.High, Is.EqualTo(high).Within(1e-6));
            Assert.That(ci.Level, Is.EqualTo(0.95));
        });
    }

    [Test]
    public void ClopperPearsonOf37Of40SolvesBothBinomialTails()
    {
        // The ends are the p where a tail of Binomial(40, p) beyond 37 is exactly 0.025:
        //   low:  P(X ≥ 37 | p) = Σ_{k=37..40} C(40,k) p^k (1-p)^(40-k) = 0.025  →  p = 0.79614 (bisection by hand-written sum; R binom.test(37, 40): 0.7961)
        //   high: P(X ≤ 37 | p) = 1 - Σ_{k=38..40} C(40,k) p^k (1-p)^(40-k) = 0.025  →  p = 0.98426 (R: 0.9843)
        // (Wilson would give 0.925 ± …: centre (0.925 + 1.96²/80)/(1 + 1.96²/40) = 0.97302/1.09604 = 0.88776,
        //  half-width 1.96·√(0.925·0.075/40 + 1.96²/6400)/1.09604 = 0.08640, so [0.8014, 0.9742]: narrower than CP.)
        var ci = ProportionInterval.ClopperPearson(37, 40)!.Value;

        Assert.Multiple(() =>
        {
            Assert.That(ci.Estimate, Is.EqualTo(0.925));
            Assert.That(ci.Low, Is.EqualTo(0.79614).Within(1e-5));
            Assert.That(ci.High, Is.EqualTo(0.98426).Within(1e-5));
        });
    }

    [Test]
    public void NoTrialsGiveNoInterval()
    {
        Assert.That(ProportionInterval.ClopperPearson(0, 0), Is.Null);
    }

    [Test]
    public void MoreSuccessesThanTrialsAreRefused()
    {
        Assert.That(() => ProportionInterval.ClopperPearson(6, 5), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }
}
