namespace Harness.Core.Costs;

/// <summary>
/// A suite's optional <c>cost:</c> block: what tokens and accelerator time cost, so the cost family
/// can put a price on each case and each pipeline. Unset rates count as free; a suite without the
/// block gets token, time and memory figures but no money.
/// </summary>
public sealed record CostRates
{
    /// <summary>The unit money is reported in (a label only: no conversion).</summary>
    public string Currency { get; init; } = "USD";
    public double PerThousandPromptTokens { get; init; }
    public double PerThousandCompletionTokens { get; init; }
    /// <summary>Price of one hour of the accelerator (or machine) the pipeline runs on, charged on wall time.</summary>
    public double PerGpuHour { get; init; }

    /// <summary>The money of <paramref name="promptTokens"/>, <paramref name="completionTokens"/> and <paramref name="seconds"/> of accelerator time.</summary>
    public double Price(double promptTokens, double completionTokens, double seconds) =>
        (promptTokens / 1000 * PerThousandPromptTokens) + (completionTokens / 1000 * PerThousandCompletionTokens) + (seconds / 3600 * PerGpuHour);
}
