using Harness.Core.Statistics;
using NUnit.Framework;

namespace Harness.Core.Tests.Statistics;

public sealed class PowerAnalysisTests
{
    [Test]
    public void TwoHundredCasesWithSdPointTwoDetectADropOfPointZeroFour()
    {
        // (1.959964 + 0.841621) · 0.2 / √200 = 0.039621
        var mde = PowerAnalysis.MinimumDetectableEffect(sd: 0.2, n: 200);

        Assert.That(mde, Is.EqualTo(0.039621).Within(1e-6));
    }

    [Test]
    public void RequiredSampleSizeInvertsTheDetectableEffect()
    {
        // ((1.959964 + 0.841621) · 0.2 / 0.04)² = 196.22 → 197 cases.
        Assert.That(PowerAnalysis.RequiredSampleSize(sd: 0.2, effect: 0.04), Is.EqualTo(197));
    }

    [Test]
    public void AZeroEffectNeedsNoFiniteSampleSize()
    {
        Assert.That(PowerAnalysis.RequiredSampleSize(sd: 0.2, effect: 0), Is.Null);
    }

    [Test]
    public void CasesToDecideAreNamedOnlyWhenMoreThanTheCasesAlreadyRun()
    {
        Assert.Multiple(() =>
        {
            // ((1.959964 + 0.841621) · 0.2 / 0.04)² = 196.22 → 197 cases, more than the 100 run.
            Assert.That(PowerAnalysis.CasesToDecide(sd: 0.2, gap: 0.04, n: 100), Is.EqualTo(197));
            // The same arithmetic asks for 197 of a gate that already ran 200: the interval it used was wider, so no figure.
            Assert.That(PowerAnalysis.CasesToDecide(sd: 0.2, gap: 0.04, n: 200), Is.Null);
            // Values that do not vary: (2.80 · 0 / 0.05)² = 0 cases, which says nothing.
            Assert.That(PowerAnalysis.CasesToDecide(sd: 0, gap: 0.05, n: 60), Is.Null);
        });
    }

    [Test]
    public void HigherPowerNeedsMoreCases()
    {
        var atEighty = PowerAnalysis.RequiredSampleSize(0.2, 0.04, power: 0.8)!.Value;

        Assert.That(PowerAnalysis.RequiredSampleSize(0.2, 0.04, power: 0.9), Is.GreaterThan(atEighty));
    }
}
