using System.Text.Json.Serialization;

namespace Harness.Core.Metrics;

/// <summary>
/// How a metric describes itself; reports, summaries and gates are generated from descriptors.
/// </summary>
/// <param name="Id">The id used in suites and CSV columns, e.g. "recall@5", "token_f1".</param>
/// <param name="DisplayName">The name shown in reports, e.g. "Recall@5".</param>
/// <param name="Family">retrieval, answer, faithfulness, hallucination or latency (one chart per family).</param>
/// <param name="Unit"><see cref="Ratio"/> ("") for ratios, else "ms", "tokens/s", ….</param>
/// <param name="HigherIsBetter">Direction of improvement, used by gates and comparisons.</param>
/// <param name="Format">.NET numeric format for display, e.g. "0.000" or "0.0".</param>
/// <param name="Proportion">
/// Every per-case value is 0 or 1 (hit@k, exact match, label accuracy, hallucination rate), so the mean
/// is a binomial proportion and gets a Clopper–Pearson interval rather than a bootstrap one.
/// </param>
public sealed record MetricDescriptor(
    string Id,
    string DisplayName,
    string Family,
    string Unit,
    bool HigherIsBetter,
    string Format = "0.000",
    bool Proportion = false)
{
    /// <summary>The unit of a ratio: none. Ratios share an absolute scale (regression margins, a 0–1 chart axis); other units are relative to their values.</summary>
    public const string Ratio = "";

    [JsonIgnore]
    public bool IsRatio => Unit == Ratio;
}
