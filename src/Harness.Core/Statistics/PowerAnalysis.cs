using MathNet.Numerics.Distributions;

namespace Harness.Core.Statistics;

/// <summary>
/// Normal-approximation sample-size arithmetic for a two-sided test at <c>alpha</c> with the given
/// power: MDE = (z(1−α/2) + z(power))·sd/√n, and its inverse n = ((z(1−α/2) + z(power))·sd/effect)².
/// For paired comparisons sd is the SD of the per-case differences; for a threshold gate, of the values.
/// </summary>
public static class PowerAnalysis
{
    public const double DefaultAlpha = 0.05;
    public const double DefaultPower = 0.80;

    /// <summary>The smallest true effect that n cases detect with the given power ("with 200 cases this gate can detect a drop of 0.04").</summary>
    public static double MinimumDetectableEffect(double sd, int n, double alpha = DefaultAlpha, double power = DefaultPower)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sd);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        return ZSum(alpha, power) * sd / Math.Sqrt(n);
    }

    /// <summary>Cases needed to detect <paramref name="effect"/>; null when the effect is 0 (no finite n detects it).</summary>
    public static int? RequiredSampleSize(double sd, double effect, double alpha = DefaultAlpha, double power = DefaultPower)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sd);
        effect = Math.Abs(effect);
        if (effect == 0)
        {
            return null;
        }
        var n = Math.Ceiling(Math.Pow(ZSum(alpha, power) * sd / effect, 2));
        return n >= int.MaxValue ? null : Math.Max(1, (int)n);
    }

    /// <summary>
    /// Cases needed to decide a gap that <paramref name="n"/> cases left undecided, or null where the arithmetic cannot
    /// say: a gap of 0, values that do not vary (no spread to scale by), or a figure no larger than n (the interval the
    /// gate used is wider than this normal approximation assumes, so "about 1 case" would mislead).
    /// </summary>
    public static int? CasesToDecide(double sd, double gap, int n, double alpha = DefaultAlpha, double power = DefaultPower) =>
        sd > 0 && RequiredSampleSize(sd, gap, alpha, power) is { } required && required > n ? required : null;

    private static double ZSum(double alpha, double power)
    {
        if (alpha is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "alpha must lie strictly between 0 and 1.");
        }
        if (power is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(power), power, "power must lie strictly between 0 and 1.");
        }
        return Normal.InvCDF(0, 1, 1 - (alpha / 2)) + Normal.InvCDF(0, 1, power);
    }
}
