using Harness.Core.Numerics;
using NUnit.Framework;

namespace Harness.Core.Tests.Numerics;

public sealed class FixedOrderTests
{
    // 64 floats: 1e8, sixty-two ones, −1e8. Added in order in double, 1e8 + 62·1 = 100000062 is exact (< 2^53) and
    // − 1e8 leaves 62. Added in float lanes, as TensorPrimitives.Dot does, each 1 that lands in the lane holding ±1e8
    // is lost (floats near 1e8 are 8 apart), and how many land there depends on the lane count: on one machine
    // TensorPrimitives.Dot(x, ones) gave 48 with AVX-512, 56 with DOTNET_EnableAVX512=0 (AVX2), 0 with no SIMD at all.
    private static float[] BigOnesBig()
    {
        var x = Enumerable.Repeat(1f, 64).ToArray();
        x[0] = 1e8f;
        x[^1] = -1e8f;
        return x;
    }

    private static readonly float[] Ones = Enumerable.Repeat(1f, 64).ToArray();

    [Test]
    public void ADotProductCountsEveryElementWhateverTheMachinesVectorWidth() =>
        Assert.That(FixedOrder.Dot(BigOnesBig(), Ones), Is.EqualTo(62.0));

    [Test]
    public void TheCosineOfLopsidedVectorsKeepsTheSmallElements()
    {
        // ‖ones‖ = √64 = 8. ‖x‖² in order: 1e16, then each 1 is a tie at 1e16 (doubles there are 2 apart) that rounds
        // to the even 1e16, then + 1e16 = 2e16, so ‖x‖ = √2·1e8. Cosine = 62 / (8·√2·1e8) = 62 / 1131370849.898 = 5.4800776e-8.
        Assert.That(FixedOrder.Cosine(BigOnesBig(), Ones), Is.EqualTo(5.4800776e-8).Within(1e-6).Percent);
    }

    [Test]
    public void NormCosineAndDistanceOfSmallVectorsAreTheTextbookOnes()
    {
        Assert.Multiple(() =>
        {
            // √(3² + 4²) = √25 = 5
            Assert.That(FixedOrder.Norm([3f, 4f]), Is.EqualTo(5.0));
            // (1, 0)·(1, 1) = 1 over 1·√2: 0.7071068
            Assert.That(FixedOrder.Cosine([1f, 0f], [1f, 1f]), Is.EqualTo(0.7071068).Within(1e-7));
            // (1, 2, 3) − (4, 6, 3) = (−3, −4, 0): 9 + 16 + 0 = 25
            Assert.That(FixedOrder.SquaredDistance([1f, 2f, 3f], [4f, 6f, 3f]), Is.EqualTo(25.0));
        });
    }

    [Test]
    public void AnAllZeroVectorHasCosineZeroAndStaysZeroWhenNormalized()
    {
        var zeros = new float[3];

        FixedOrder.Normalize(zeros);

        Assert.Multiple(() =>
        {
            Assert.That(FixedOrder.Cosine(zeros, [1f, 2f, 3f]), Is.Zero);
            Assert.That(zeros, Is.All.Zero);
        });
    }

    [Test]
    public void NormalizingScalesToLengthOne()
    {
        float[] x = [3f, 4f];

        FixedOrder.Normalize(x);

        // (3, 4) / 5 = (0.6, 0.8), each the float nearest the quotient
        Assert.That(x, Is.EqualTo(new[] { 0.6f, 0.8f }));
    }

    [Test]
    public void VectorsOfDifferentLengthsAreRefused() =>
        Assert.That(() => FixedOrder.Dot([1f, 2f], [1f]), Throws.ArgumentException.With.Message.Contains("differ in length (2 and 1)"));
}
