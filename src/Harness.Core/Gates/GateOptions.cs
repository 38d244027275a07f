using Harness.Core.Statistics;

namespace Harness.Core.Gates;

/// <summary>The statistical settings every gate of one evaluation shares.</summary>
public sealed record GateOptions
{
    public static GateOptions Default { get; } = new();

    /// <summary>Significance level: CIs are (1 − α), comparisons significant when the Holm-adjusted p is below α.</summary>
    public double Alpha { get; init; } = PowerAnalysis.DefaultAlpha;

    /// <summary>Power used for "cases needed" and minimum-detectable-effect figures.</summary>
    public double Power { get; init; } = PowerAnalysis.DefaultPower;

    public int Resamples { get; init; } = Bootstrap.DefaultResamples;

    /// <summary>
    /// Below this many usable cases a gate is inconclusive whatever its CI says: a percentile
    /// bootstrap of a handful of values is too narrow to trust (a single value gives a zero-width CI).
    /// Five lets the 8-case smoke suites decide clear-cut gates; the message of any gate that cannot
    /// decide says how many cases it would need.
    /// </summary>
    public int MinimumCases { get; init; } = 5;

    /// <summary>Compare with a baseline whose model or dataset hash differs (otherwise such a regression gate is inconclusive).</summary>
    public bool Force { get; init; }

    public double Level => 1 - Alpha;
}
