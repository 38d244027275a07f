using Harness.Core.Statistics;
using NUnit.Framework;

namespace Harness.Core.Tests.Statistics;

public sealed class HolmTests
{
    [Test]
    public void AdjustsTheTextbookExampleInInputOrder()
    {
        // Sorted: 0.005·4 = 0.02, 0.01·3 = 0.03, 0.03·2 = 0.06, 0.04·1 = 0.04 → raised to 0.06 (monotone).
        var adjusted = Holm.Adjust([0.01, 0.04, 0.03, 0.005]);

        Assert.That(adjusted, Is.EqualTo(new[] { 0.03, 0.06, 0.06, 0.02 }).Within(1e-12));
    }

    [Test]
    public void AdjustedPValuesAreCappedAtOne()
    {
        Assert.That(Holm.Adjust([0.5, 0.6, 0.7]), Is.EqualTo(new[] { 1.0, 1.0, 1.0 }));
    }

    [Test]
    public void ASingleComparisonIsNotAdjusted()
    {
        Assert.That(Holm.Adjust([0.013]), Is.EqualTo(new[] { 0.013 }));
    }

    [Test]
    public void AnInvalidPValueIsRefused()
    {
        Assert.That(() => Holm.Adjust([0.1, 1.5]), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }
}
