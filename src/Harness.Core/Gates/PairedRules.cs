using Harness.Core.Statistics;

namespace Harness.Core.Gates;

/// <summary>
/// The decision rules of paired gates, on the difference oriented so that positive means "current
/// (or the first pipeline) is better": for lower-is-better metrics the difference is negated. Every
/// branch of a verdict is a one-sided test, so the Holm correction covers all of them:
/// <list type="bullet">
/// <item>non-inferiority with margin m: pass rejects H0 "difference ≤ −m", fail (regressed) rejects H0 "difference ≥ −m";</item>
/// <item>superiority by m (0 by default): pass rejects H0 "difference ≤ m", fail rejects H0 "difference ≥ m";</item>
/// <item>neither rejected: inconclusive.</item>
/// </list>
/// </summary>
public static class PairedRules
{
    /// <summary>The oriented boundary a check tests against: −m for non-inferiority, +m for superiority.</summary>
    public static double Boundary(double margin, bool nonInferiority)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(margin);
        return nonInferiority ? -margin : margin;
    }

    /// <summary>
    /// Pass when the Holm-adjusted p of "the difference is above the boundary" is below α, fail when
    /// that of "it is below the boundary" is; otherwise inconclusive. (Both one-sided p-values of
    /// the same data add up to at least 1, so both cannot be below α.)
    /// </summary>
    public static GateVerdict Decide(double adjustedAbove, double adjustedBelow, double alpha) =>
        adjustedAbove < alpha ? GateVerdict.Pass
        : adjustedBelow < alpha ? GateVerdict.Fail
        : GateVerdict.Inconclusive;

    /// <summary>The CI of the difference turned so that positive is better.</summary>
    public static ConfidenceInterval Orient(ConfidenceInterval difference, bool higherIsBetter) =>
        higherIsBetter ? difference : new ConfidenceInterval(-difference.Estimate, -difference.High, -difference.Low, difference.Level);
}
