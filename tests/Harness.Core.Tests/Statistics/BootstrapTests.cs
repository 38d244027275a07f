using Harness.Core.Statistics;
using MathNet.Numerics.Distributions;
using NUnit.Framework;

namespace Harness.Core.Tests.Statistics;

public sealed class BootstrapTests
{
    [Test]
    public void MeanIntervalMatchesTheNormalApproximationOnLargeSyntheticData()
    {
        var normal = new Normal(0.5, 0.2, new Random(7));
        var values = Enumerable.Range(0, 5000).Select(_ => normal.Sample()).ToArray();
        var mean = values.Average();
        var sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
        var halfWidth = 1.959964 * sd / Math.Sqrt(values.Length);

        var ci = Bootstrap.MeanConfidenceInterval(values, seed: 42)!.Value;

        Assert.Multiple(() =>
        {
            Assert.That(ci.Estimate, Is.EqualTo(mean).Within(1e-12));
            // 2,000 resamples put the percentile ends within a few percent of the half-width.
            Assert.That(ci.Low, Is.EqualTo(mean - halfWidth).Within(0.1 * halfWidth));
            Assert.That(ci.High, Is.EqualTo(mean + halfWidth).Within(0.1 * halfWidth));
            Assert.That(ci.Level, Is.EqualTo(0.95));
        });
    }

    [Test]
    public void NinetyPercentIntervalIsNarrowerThanNinetyFivePercent()
    {
        var values = Enumerable.Range(0, 200).Select(i => (i % 7) / 7.0).ToArray();

        var ci95 = Bootstrap.MeanConfidenceInterval(values, seed: 1)!.Value;
        var ci90 = Bootstrap.MeanConfidenceInterval(values, seed: 1, level: 0.90)!.Value;

        Assert.That(ci90.High - ci90.Low, Is.LessThan(ci95.High - ci95.Low));
    }

    [Test]
    public void SameSeedGivesTheSameIntervalAndAnotherSeedDoesNot()
    {
        var values = Enumerable.Range(0, 50).Select(i => (i * 37 % 11) / 10.0).ToArray();

        var first = Bootstrap.MeanConfidenceInterval(values, seed: 3);
        var again = Bootstrap.MeanConfidenceInterval(values, seed: 3);
        var other = Bootstrap.MeanConfidenceInterval(values, seed: 4);

        Assert.Multiple(() =>
        {
            Assert.That(again, Is.EqualTo(first));
            Assert.That(other, Is.Not.EqualTo(first));
        });
    }

    [Test]
    public void ConstantValuesGiveADegenerateInterval()
    {
        var ci = Bootstrap.MeanConfidenceInterval([0.6, 0.6, 0.6], seed: 0)!.Value;

        Assert.That((ci.Low, ci.Estimate, ci.High), Is.EqualTo((0.6, 0.6, 0.6)));
    }

    [Test]
    public void AccelerationIsTheJackknifeSkewnessByHand()
    {
        // For the mean the leave-one-out estimates are θ(i) = (Σx - x_i)/(n - 1), so θ̄ - θ(i) = (x_i - x̄)/(n - 1) and the
        // (n - 1) factors cancel: a = Σd³ / (6·(Σd²)^1.5) with d = x_i - x̄. For (0, 0, 0, 1): x̄ = 0.25, d = (-0.25 ×3, 0.75),
        // Σd³ = 3·(-0.015625) + 0.421875 = 0.375, Σd² = 3·0.0625 + 0.5625 = 0.75, 0.75^1.5 = 0.649519, a = 0.375/3.897114 = 0.096225.
        double[] leaveOneOut = [1 / 3.0, 1 / 3.0, 1 / 3.0, 0];

        Assert.That(Bootstrap.Acceleration(leaveOneOut), Is.EqualTo(0.096225).Within(1e-6));
    }

    [Test]
    public void ASkewedSmallSampleGetsALongerUpperArmThanLowerArm()
    {
        // One 1 among seven 0s: the mean 0.125 can fall to 0 but a resample can hold several 1s; BCa's positive
        // acceleration (skew to the right) stretches the upper arm further than the percentile bootstrap's.
        var ci = Bootstrap.MeanConfidenceInterval([0, 0, 0, 0, 0, 0, 0, 1.0], seed: 3)!.Value;

        Assert.Multiple(() =>
        {
            Assert.That(ci.Low, Is.EqualTo(0.0));
            Assert.That(ci.High - ci.Estimate, Is.GreaterThan(ci.Estimate - ci.Low));
            Assert.That(ci.High, Is.GreaterThanOrEqualTo(0.375));
        });
    }

    [Test]
    public void NoValuesGiveNoInterval()
    {
        Assert.That(Bootstrap.MeanConfidenceInterval([], seed: 0), Is.Null);
    }

    [Test]
    public void FewerThanAThousandResamplesAreRefused()
    {
        Assert.That(() => Bootstrap.MeanConfidenceInterval([1.0, 2.0], seed: 0, resamples: 999),
            Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void PairedIntervalIsTheIntervalOfThePerCaseDifferences()
    {
        double[] current = [0.9, 0.8, 0.7, 1.0, 0.6];
        double[] reference = [0.5, 0.8, 0.4, 0.9, 0.6];

        var paired = Bootstrap.PairedDifferenceConfidenceInterval(current, reference, seed: 9);
        var direct = Bootstrap.MeanConfidenceInterval([0.4, 0.0, 0.3, 0.1, 0.0], seed: 9);

        Assert.That(paired!.Value.Estimate, Is.EqualTo(direct!.Value.Estimate).Within(1e-12));
        Assert.That(paired.Value.Low, Is.EqualTo(direct.Value.Low).Within(1e-12));
        Assert.That(paired.Value.High, Is.EqualTo(direct.Value.High).Within(1e-12));
    }

    [Test]
    public void PairedValuesOfDifferentLengthsAreRefused()
    {
        Assert.That(() => Bootstrap.PairedDifferenceConfidenceInterval([1.0, 2.0], [1.0], seed: 0),
            Throws.ArgumentException);
    }

    [Test]
    public async Task AnyStatisticIsResampledLikeTheMeanWithTheSameSeed()
    {
        var values = Enumerable.Range(0, 60).Select(i => (i * 17 % 13) / 12.0).ToArray();

        var mean = Bootstrap.MeanConfidenceInterval(values, seed: 21)!.Value;
        var generic = (await Bootstrap.StatisticConfidenceIntervalAsync<double>(
            values, sample => ValueTask.FromResult<double?>(sample.Sum() / sample.Count), seed: 21))!.Value;

        Assert.Multiple(() =>
        {
            Assert.That(generic.Estimate, Is.EqualTo(mean.Estimate).Within(1e-12));
            Assert.That(generic.Low, Is.EqualTo(mean.Low).Within(1e-12));
            Assert.That(generic.High, Is.EqualTo(mean.High).Within(1e-12));
        });
    }

    [Test]
    public async Task AStatisticWithoutAValueGivesNoInterval()
    {
        var ci = await Bootstrap.StatisticConfidenceIntervalAsync<double>([1.0, 2.0], _ => ValueTask.FromResult<double?>(null), seed: 0);

        Assert.That(ci, Is.Null);
    }
}
