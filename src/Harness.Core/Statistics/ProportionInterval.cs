using MathNet.Numerics.Distributions;

namespace Harness.Core.Statistics;

/// <summary>
/// The Clopper–Pearson ("exact") interval of a binomial proportion: the set of p for which neither
/// tail of Binomial(n, p) beyond the observed count is below (1 − level)/2. It never covers less
/// than the level, which is what a gate promises; at 5 of 5 it is [0.478, 1], where a percentile
/// bootstrap gives the zero-width [1, 1].
/// </summary>
public static class ProportionInterval
{
    /// <summary>
    /// low = Beta⁻¹(α/2; x, n − x + 1) (0 when x = 0), high = Beta⁻¹(1 − α/2; x + 1, n − x) (1 when x = n);
    /// null when n = 0.
    /// </summary>
    public static ConfidenceInterval? ClopperPearson(int successes, int n, double level = Bootstrap.DefaultLevel)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(successes, n);
        if (level is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, "The level must lie strictly between 0 and 1.");
        }
        if (n == 0)
        {
            return null;
        }
        var alpha = 1 - level;
        var low = successes == 0 ? 0.0 : Beta.InvCDF(successes, n - successes + 1, alpha / 2);
        var high = successes == n ? 1.0 : Beta.InvCDF(successes + 1, n - successes, 1 - (alpha / 2));
        return new ConfidenceInterval((double)successes / n, low, high, level);
    }
}
