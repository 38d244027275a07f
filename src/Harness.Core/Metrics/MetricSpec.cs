using System.Globalization;

namespace Harness.Core.Metrics;

/// <summary>
/// One metric as its family declares it in <see cref="KnownMetrics"/>: the id suites and CSV columns
/// use, the name reports show, its unit and direction. The metric's implementation takes its
/// <see cref="MetricDescriptor"/> from here (<see cref="KnownMetrics.Describe"/>), so none is written twice.
/// </summary>
/// <param name="Id">The id; "@k" stands for any positive k ("recall@k": "recall@5").</param>
/// <param name="DisplayName">The name reports show; "@k" is replaced as in the id, "{currency}" by the suite's currency.</param>
/// <param name="Unit"><see cref="MetricDescriptor.Ratio"/> for a score on 0–1, else "ms", "tokens/s", …; "{currency}" is the suite's currency.</param>
/// <param name="HigherIsBetter">Direction of improvement, used by gates and comparisons.</param>
/// <param name="Format">.NET numeric format for display.</param>
/// <param name="Proportion">Every per-case value is 0 or 1, so the mean is a binomial proportion (Clopper–Pearson interval).</param>
public sealed record MetricSpec(
    string Id,
    string DisplayName,
    string Unit = MetricDescriptor.Ratio,
    bool HigherIsBetter = true,
    string Format = "0.000",
    bool Proportion = false)
{
    /// <summary>The placeholder of the suite's currency in a cost metric's name and unit.</summary>
    public const string Currency = "{currency}";

    public bool HasCutoff => Id.EndsWith("@k", StringComparison.Ordinal);

    /// <summary>The lowest value the metric takes: 0 for a share, a count or a time; −1 for a cosine; 1 for perplexity.</summary>
    public double Minimum { get; init; }

    /// <summary>The highest value the metric takes: 1 for a ratio (<see cref="MetricDescriptor.Ratio"/>), none for a metric with a unit.</summary>
    public double Maximum => Unit == MetricDescriptor.Ratio ? 1 : double.PositiveInfinity;

    /// <summary>The descriptor of this metric in <paramref name="family"/>, with k and the currency filled in.</summary>
    public MetricDescriptor Describe(string family, int? k = null, string? currency = null)
    {
        if (HasCutoff != k.HasValue)
        {
            throw new ArgumentException(HasCutoff ? $"metric '{Id}' needs its k" : $"metric '{Id}' takes no k", nameof(k));
        }
        if (Unit == Currency && currency is null)
        {
            throw new ArgumentException($"metric '{Id}' is priced: it needs the suite's currency", nameof(currency));
        }
        string Fill(string text) =>
            (k is { } cutoff ? text.Replace("@k", "@" + cutoff.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal) : text)
                .Replace(Currency, currency, StringComparison.Ordinal);
        return new MetricDescriptor(Fill(Id), Fill(DisplayName), family, Fill(Unit), HigherIsBetter, Format, Proportion);
    }
}
