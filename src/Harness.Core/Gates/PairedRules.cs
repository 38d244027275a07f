using Harness.Core.Statistics;

namespace Harness.Core.Gates;

/// <summary>
/// The decision rules of paired gates, on the difference oriented so that positive means "current
/// (or the first pipeline) is better": for lower-is-better metrics the difference is negated.
/// </summary>
public static class PairedRules
{
    /// <summary>
    /// "A beats B by more than m" (m ≥ 0), with p testing "A is better by exactly m": pass when the
    /// Holm-adjusted p is below α and A's advantage is above m; fail when the whole CI is at or
    /// below m (A is not better by more than m on any plausible value), or when the adjusted p is
    /// below α and the advantage is below m; otherwise inconclusive.
    /// </summary>
    public static GateVerdict Beats(ConfidenceInterval oriented, double adjustedP, double margin, double alpha)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(margin);
        return adjustedP < alpha && oriented.Estimate > margin ? GateVerdict.Pass
            : oriented.High <= margin || (adjustedP < alpha && oriented.Estimate < margin) ? GateVerdict.Fail
            : GateVerdict.Inconclusive;
    }

    /// <summary>
    /// Non-inferiority of current vs baseline with margin m ≥ 0. Fail (regressed) when the whole CI
    /// lies below −m, or when the Holm-adjusted p is below α (a real difference) and the point
    /// estimate is worse than −m; pass when the CI lies at or above −m; otherwise inconclusive.
    /// The two cannot both hold: pass needs CI low ≥ −m, so the estimate cannot be below −m.
    /// </summary>
    public static GateVerdict NonInferior(ConfidenceInterval oriented, double adjustedP, double margin, double alpha)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(margin);
        return oriented.High < -margin || (adjustedP < alpha && oriented.Estimate < -margin) ? GateVerdict.Fail
            : oriented.Low >= -margin ? GateVerdict.Pass
            : GateVerdict.Inconclusive;
    }

    /// <summary>The CI of the difference turned so that positive is better.</summary>
    public static ConfidenceInterval Orient(ConfidenceInterval difference, bool higherIsBetter) =>
        higherIsBetter ? difference : new ConfidenceInterval(-difference.Estimate, -difference.High, -difference.Low, difference.Level);
}
