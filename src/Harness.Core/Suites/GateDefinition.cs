using System.Globalization;

namespace Harness.Core.Suites;

/// <summary>
/// A quality gate as declared; verdicts (pass, fail, inconclusive) come from the gate evaluator.
/// A strict gate counts inconclusive as fail.
/// </summary>
public abstract record GateDefinition
{
    public bool Strict { get; init; }

    /// <summary>The gate in words, used as its test name and in reports.</summary>
    public abstract string Describe();

    protected static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}

/// <summary>A metric's 95% CI must lie above <see cref="Min"/> and/or below <see cref="Max"/>; on one pipeline, or on each when null.</summary>
public sealed record ThresholdGateDefinition(string Metric, string? Pipeline, double? Min, double? Max) : GateDefinition
{
    public override string Describe()
    {
        var bounds = (Min, Max) switch
        {
            ({ } min, { } max) => $"between {Number(min)} and {Number(max)}",
            ({ } min, null) => $">= {Number(min)}",
            (null, { } max) => $"<= {Number(max)}",
            _ => "",
        };
        return $"{Metric} {bounds} on {Pipeline ?? "every pipeline"}";
    }
}

/// <summary>Pipeline <see cref="Better"/> must beat <see cref="Worse"/> on a metric by more than <see cref="Margin"/> (paired on cases).</summary>
public sealed record CompareGateDefinition(string Metric, string Better, string Worse, double Margin) : GateDefinition
{
    public override string Describe() => $"{Better} beats {Worse} on {Metric}" + (Margin > 0 ? $" by more than {Number(Margin)}" : "");
}

/// <summary>No metric may get worse than the stored baseline (results/baselines/&lt;suite&gt;.json) by more than <see cref="Margin"/>.</summary>
public sealed record RegressionGateDefinition(double Margin, IReadOnlyList<string> Metrics) : GateDefinition
{
    public override string Describe() =>
        $"no regression beyond {Number(Margin)} from the baseline" + (Metrics.Count > 0 ? $" on {string.Join(", ", Metrics)}" : "");
}

/// <summary>At most this share of cases (import errors, failed generations, metric errors) may be in error.</summary>
public sealed record ErrorBudgetGateDefinition(double MaxErrorRate) : GateDefinition
{
    public override string Describe() => $"errors <= {Number(MaxErrorRate)} of cases";
}
