using Harness.Core.Statistics;
using NUnit.Framework;

namespace Harness.Core.Tests.Statistics;

public sealed class PairedComparisonTests
{
    [Test]
    public void ReportsMeansDifferencePValueAndWorstCase()
    {
        double[] current = [2, 4, 6, 0];
        double[] reference = [1, 2, 3, 1];

        var comparison = PairedComparison.Compute(current, reference, seed: 1)!;

        Assert.Multiple(() =>
        {
            Assert.That(comparison.N, Is.EqualTo(4));
            Assert.That(comparison.MeanCurrent, Is.EqualTo(3.0));
            Assert.That(comparison.MeanReference, Is.EqualTo(1.75));
            Assert.That(comparison.Difference.Estimate, Is.EqualTo(1.25));
            // differences (1, 2, 3, -1): the hand-counted example of SignFlipTestTests.
            Assert.That(comparison.PValue, Is.EqualTo(6.0 / 16));
            Assert.That(comparison.WorstCaseIndex, Is.EqualTo(3));
            Assert.That(comparison.DifferenceSd, Is.EqualTo(Math.Sqrt(8.75 / 3)).Within(1e-12));
        });
    }

    [Test]
    public void NoSharedCasesGiveNoComparison()
    {
        Assert.That(PairedComparison.Compute([], [], seed: 0), Is.Null);
    }
}
