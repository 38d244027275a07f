using System.Globalization;

namespace Harness.Core.Gates;

/// <summary>
/// Gate names that read as sentences in a CI log ("medical-covidqa / rag-bm25 / recall@5 ≥ 0.60").
/// Built from the suite file alone (<see cref="IGate.Name"/>), so test discovery names gates without running anything.
/// </summary>
public static class GateNames
{
    public const string EveryPipeline = "every pipeline";

    public static string Threshold(string suite, string pipeline, string metricId, double? min, double? max) =>
        (min, max) switch
        {
            ({ } low, { } high) => $"{suite} / {pipeline} / {Number(low)} ≤ {metricId} ≤ {Number(high)}",
            ({ } low, null) => $"{suite} / {pipeline} / {metricId} ≥ {Number(low)}",
            (null, { } high) => $"{suite} / {pipeline} / {metricId} ≤ {Number(high)}",
            _ => throw new ArgumentException("A threshold gate needs a min or a max."),
        };

    public static string Comparison(string suite, string better, string worse, string metricId, double margin = 0) =>
        $"{suite} / {better} beats {worse} on {metricId}" + (margin > 0 ? $" by more than {Number(margin)}" : "");

    /// <summary>The gate as the suite declares it: it covers every pipeline, on the metrics listed or on all ratio metrics.</summary>
    public static string Regression(string suite, double margin, IReadOnlyList<string> metrics) =>
        metrics.Count == 0
            ? $"{suite} / no regression vs baseline beyond {Number(margin)}"
            : $"{suite} / {string.Join(", ", metrics)} no worse than baseline − {Number(margin)}";

    /// <summary>One pipeline × metric check of a regression gate.</summary>
    public static string RegressionCheck(string suite, string pipeline, string metricId, double margin) =>
        $"{suite} / {pipeline} / {metricId} no worse than baseline − {Number(margin)}";

    public static string ErrorBudget(string suite, double budget) =>
        $"{suite} / errors ≤ {(budget * 100).ToString("0.##", CultureInfo.InvariantCulture)}%";

    /// <summary>Two decimals at least (0.60 reads as a threshold), more when the value has them (0.025); integers above 10 as integers (1500 ms).</summary>
    public static string Number(double value) =>
        Math.Abs(value) >= 10 && value == Math.Round(value)
            ? value.ToString("0", CultureInfo.InvariantCulture)
            : value.ToString("0.00####", CultureInfo.InvariantCulture);
}
