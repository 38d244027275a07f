using Harness.Core.Statistics;
using NUnit.Framework;

namespace Harness.Core.Tests.Statistics;

public sealed class SignFlipTestTests
{
    [Test]
    public void ExactPValueMatchesTheHandCount()
    {
        // d = (1, 2, 3, -1), observed sum 5. Flipping a subset F gives 7 - 2·sum(|F|) over {1, 2, 3, 1}.
        // |sum| >= 5 when sum(F) <= 1 ({}, {1}, {1'}) or >= 6 ({1,2,3}, {1',2,3}, {1,1',2,3}): 6 of 16 patterns.
        var result = SignFlipTest.PValue([1, 2, 3, -1], seed: 0);

        Assert.Multiple(() =>
        {
            Assert.That(result.PValue, Is.EqualTo(6.0 / 16));
            Assert.That(result.Exact, Is.True);
            Assert.That(result.Permutations, Is.EqualTo(16));
        });
    }

    [Test]
    public void ZeroDifferencesDoNotChangeThePValue()
    {
        var withZeros = SignFlipTest.PValue([1, 0, 2, 3, 0, -1], seed: 0);

        Assert.That(withZeros.PValue, Is.EqualTo(6.0 / 16));
    }

    [Test]
    public void AllZeroDifferencesGiveAPValueOfOne()
    {
        Assert.That(SignFlipTest.PValue([0, 0, 0], seed: 0).PValue, Is.EqualTo(1.0));
    }

    [Test]
    public void AllPositiveDifferencesAreTheTwoMostExtremePatterns()
    {
        // Of 2^8 patterns only "all +" and "all -" reach |sum| = 8.
        var result = SignFlipTest.PValue(Enumerable.Repeat(1.0, 8).ToArray(), seed: 0);

        Assert.That(result.PValue, Is.EqualTo(2.0 / 256));
    }

    [Test]
    public void MonteCarloEstimateIsSeededAndCloseToTheExactValue()
    {
        var differences = Enumerable.Range(0, 16).Select(i => (i % 5) - 1.5).ToArray();
        var exact = SignFlipTest.PValue(differences, seed: 0);

        var first = SignFlipTest.PValue(differences, seed: 11, exactLimit: 4);
        var again = SignFlipTest.PValue(differences, seed: 11, exactLimit: 4);

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

        var result = SignFlipTest.PValue(differences, seed: 5, monteCarloSamples: 1000);

        Assert.That(result.PValue, Is.EqualTo(1.0 / 1001));
    }
}
