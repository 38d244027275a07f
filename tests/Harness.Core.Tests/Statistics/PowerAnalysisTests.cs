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
    public void HigherPowerNeedsMoreCases()
    {
        var atEighty = PowerAnalysis.RequiredSampleSize(0.2, 0.04, power: 0.8)!.Value;

        Assert.That(PowerAnalysis.RequiredSampleSize(0.2, 0.04, power: 0.9), Is.GreaterThan(atEighty));
    }
}
