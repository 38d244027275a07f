using System.Globalization;

namespace Harness.Core.Statistics;

/// <summary>A point estimate with its confidence interval at <see cref="Level"/> (0.95 for a 95% CI).</summary>
public readonly record struct ConfidenceInterval(double Estimate, double Low, double High, double Level)
{
    public bool Contains(double value) => Low <= value && value <= High;

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Estimate:0.000} [{Low:0.000}, {High:0.000}]");
}
