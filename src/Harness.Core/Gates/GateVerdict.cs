namespace Harness.Core.Gates;

/// <summary>A gate passes or fails only when the confidence interval decides; otherwise it is inconclusive.</summary>
public enum GateVerdict
{
    Pass,
    Fail,
    Inconclusive,
}
