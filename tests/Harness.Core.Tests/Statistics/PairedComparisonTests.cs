using Harness.Core.Statistics;
using NUnit.Framework;

namespace Harness.Core.Tests.Statistics;

public sealed class PairedComparisonTests
{
    [Test]
    public void ReportsMeansDifferenceOneSidedPValuesAndWorstCase()
    {
        double[] current = [2, 4, 6, 0];
        double[] reference = [1, 2, 3, 1];

        var comparison = PairedComparison.Compute(current, reference, seed: 1)!;
        var (above, below) = comparison.OneSidedPValues(boundary: 0, higherIsBetter: true);

        Assert.Multiple(() =>
        {
            Assert.That(comparison.N, Is.EqualTo(4));
            Assert.That(comparison.MeanCurrent, Is.EqualTo(3.0));
            Assert.That(comparison.MeanReference, Is.EqualTo(1.75));
            Assert.That(comparison.Difference.Estimate, Is.EqualTo(1.25));
            // differences (1, 2, 3, -1): the hand-counted example of SignFlipTestTests, both directions.
            Assert.That(above, Is.EqualTo(3.0 / 16));
            Assert.That(below, Is.EqualTo(15.0 / 16));
            Assert.That(comparison.WorstCaseIndex, Is.EqualTo(3));
            Assert.That(comparison.DifferenceSd, Is.EqualTo(Math.Sqrt(8.75 / 3)).Within(1e-12));
        });
    }

    [Test]
    public void ABoundaryShiftsTheDifferencesBeforeTheTest()
    {
        // differences (0, 0, 0, 0, 0, 0) against -0.02 (non-inferiority, margin 0.02): the shifted values are six times +0.02,
        // and only the all-plus pattern of 2^6 reaches their sum, so p(above) = 1/64; every pattern is ≤ it, so p(below) = 1.
        double[] same = [0.5, 0.4, 0.3, 0.2, 0.1, 0.0];
        var comparison = PairedComparison.Compute(same, same, seed: 1)!;

        Assert.That(comparison.OneSidedPValues(boundary: -0.02, higherIsBetter: true), Is.EqualTo((1.0 / 64, 1.0)));
    }

    [Test]
    public void LowerIsBetterTurnsTheDifferencesBeforeTheTest()
    {
        // latency 10 ms faster on each of 5 cases: oriented differences +10, p(above 0) = 1/32.
        double[] current = [90, 190, 290, 390, 490];
        double[] reference = [100, 200, 300, 400, 500];
        var comparison = PairedComparison.Compute(current, reference, seed: 1, higherIsBetter: false)!;

        Assert.That(comparison.OneSidedPValues(boundary: 0, higherIsBetter: false).Above, Is.EqualTo(1.0 / 32));
    }

    [Test]
    public void NoSharedCasesGiveNoComparison()
    {
        Assert.That(PairedComparison.Compute([], [], seed: 0), Is.Null);
    }
}
