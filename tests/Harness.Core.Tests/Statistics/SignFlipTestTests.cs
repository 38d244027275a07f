using Harness.Core.Statistics;
using NUnit.Framework;

namespace Harness.Core.Tests.Statistics;

public sealed class SignFlipTestTests
{
    [Test]
    public void ExactOneSidedPValueMatchesTheHandCount()
    {
        // d = (1, 2, 3, -1), observed sum 5. Flipping a subset F of the magnitudes {1, 2, 3, 1'} gives 7 - 2·sum(F).
        // sum >= 5 when sum(F) <= 1: {}, {1}, {1'}: 3 of 16 patterns.
        var result = SignFlipTest.Greater([1, 2, 3, -1], seed: 0);

        Assert.Multiple(() =>
        {
            Assert.That(result.PValue, Is.EqualTo(3.0 / 16));
            Assert.That(result.Exact, Is.True);
            Assert.That(result.Permutations, Is.EqualTo(16));
        });
    }

    [Test]
    public void TheOtherDirectionIsTheTestOfTheNegatedValues()
    {
        // -d = (-1, -2, -3, 1), observed sum -5. The flip sums of -d are those of d (7 - 2·sum(F)) with the sign turned, so
        // sum >= -5 unless the d-pattern sum is above 5, which only F = {} (sum 7) gives: 15 of 16.
        Assert.That(SignFlipTest.Greater([-1, -2, -3, 1], seed: 0).PValue, Is.EqualTo(15.0 / 16));
    }

    [Test]
    public void ZeroValuesDoNotChangeThePValue()
    {
        var withZeros = SignFlipTest.Greater([1, 0, 2, 3, 0, -1], seed: 0);

        Assert.That(withZeros.PValue, Is.EqualTo(3.0 / 16));
    }

    [Test]
    public void AllZeroValuesGiveAPValueOfOne()
    {
        Assert.That(SignFlipTest.Greater([0, 0, 0], seed: 0).PValue, Is.EqualTo(1.0));
    }

    [Test]
    public void AllPositiveValuesAreTheOneMostExtremePattern()
    {
        // Of 2^8 patterns only "all +" reaches sum = 8.
        var result = SignFlipTest.Greater(Enumerable.Repeat(1.0, 8).ToArray(), seed: 0);

        Assert.That(result.PValue, Is.EqualTo(1.0 / 256));
    }

    [Test]
    public void MonteCarloEstimateIsSeededAndCloseToTheExactValue()
    {
        var differences = Enumerable.Range(0, 16).Select(i => (i % 5) - 1.5).ToArray();
        var exact = SignFlipTest.Greater(differences, seed: 0);

        var first = SignFlipTest.Greater(differences, seed: 11, exactLimit: 4);
        var again = SignFlipTest.Greater(differences, seed: 11, exactLimit: 4);

        Assert.Multiple(() =>
        {
            Assert.That(first.Exact, Is.False);
            Assert.That(again.PValue, Is.EqualTo(first.PValue));
            // 20,000 samples: the standard error of a p-value near 0.5 is about 0.0035.
            Assert.That(first.PValue, Is.EqualTo(exact.PValue).Within(0.015));
        });
    }

    [Test]
    public void MonteCarloEstimateIsNeverZero()
    {
        var differences = Enumerable.Repeat(1.0, 40).ToArray();

        var result = SignFlipTest.Greater(differences, seed: 5, monteCarloSamples: 1000);

        Assert.That(result.PValue, Is.EqualTo(1.0 / 1001));
    }
}
