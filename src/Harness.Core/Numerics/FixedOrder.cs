namespace Harness.Core.Numerics;

/// <summary>
/// Dot products, norms, cosines and distances of float vectors, added one element at a time from the
/// first to the last, in double: the same bits on every machine. TensorPrimitives' reductions add in
/// as many lanes as the CPU's widest vector holds (4, 8 or 16 floats) and then join the lanes, so
/// their last bits differ between an AVX-512, an AVX2 and an SSE machine; a score a run records or
/// ranks by goes through here instead: every rounding happens in the same order everywhere (scalar
/// double arithmetic, which .NET never fuses into FMA on its own). Element-wise TensorPrimitives
/// operations (MultiplyAdd, Divide) round each element alone and need no such care.
/// </summary>
public static class FixedOrder
{
    public static double Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        CheckLengths(a, b);
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += (double)a[i] * b[i];
        }
        return sum;
    }

    /// <summary>The Euclidean length √(Σ xᵢ²).</summary>
    public static double Norm(ReadOnlySpan<float> x) => Math.Sqrt(Dot(x, x));

    /// <summary>The cosine of the angle between a and b; 0 when either is all zeros (an embedder's "nothing known").</summary>
    public static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var norms = Norm(a) * Norm(b);
        return norms == 0 ? 0 : Dot(a, b) / norms;
    }

    /// <summary>Σ (aᵢ − bᵢ)², the squared Euclidean distance (what FAISS's L2 metric reports).</summary>
    public static double SquaredDistance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        CheckLengths(a, b);
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            var d = (double)a[i] - b[i];
            sum += d * d;
        }
        return sum;
    }

    /// <summary>Scales x to length 1 in place (left alone when all zeros).</summary>
    public static void Normalize(Span<float> x)
    {
        var norm = (float)Norm(x);
        if (norm > 0)
        {
            for (var i = 0; i < x.Length; i++)
            {
                x[i] /= norm;
            }
        }
    }

    private static void CheckLengths(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException($"the vectors differ in length ({a.Length} and {b.Length})", nameof(b));
        }
    }
}
