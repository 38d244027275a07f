using Harness.Engine.Scoring;
using Harness.Metrics.Faithfulness.Calibration;
using NUnit.Framework;

namespace Harness.Engine.Tests;

public sealed class ScorerCalibratorTests
{
    private static readonly HumanSupportLabel[] Labels =
        [.. Enumerable.Range(1, 20).Select(i => new HumanSupportLabel($"claim {i}", [], i % 2 == 0, $"file.jsonl:{i}"))];

    [Test]
    public void ASubsetKeepsTheSameLabelsEveryTimeInFileOrderAndALargerOneKeepsThemAll()
    {
        var five = ScorerCalibrator.Subset(Labels, 5);
        var again = ScorerCalibrator.Subset(Labels, 5);
        var ten = ScorerCalibrator.Subset(Labels, 10);

        Assert.That(five, Has.Count.EqualTo(5));
        Assert.That(again, Is.EqualTo(five));
        Assert.That(five.Select(l => Array.IndexOf(Labels, l)), Is.Ordered);
        Assert.That(ten, Is.SupersetOf(five));
    }

    [TestCase(0)]
    [TestCase(20)]
    [TestCase(50)]
    public void NoLimitOrOneAboveTheSetKeepsEveryLabel(int limit) =>
        Assert.That(ScorerCalibrator.Subset(Labels, limit), Is.EqualTo(Labels));
}
