namespace Harness.Core.Suites;

/// <summary>
/// The output formats a run can write, chosen by a suite's <c>report: { formats: [...] }</c> or
/// <c>run --formats</c>; every one by default. The names are declared here so the suite reader can check them;
/// Harness.Reporting's ReportExporters maps each name to its writers.
/// </summary>
public static class ReportFormats
{
    public const string Csv = "csv";
    public const string Json = "json";
    public const string Markdown = "md";
    public const string JUnit = "junit";
    public const string Html = "html";

    /// <summary>Every format with the files it writes, in the order a run writes them.</summary>
    public static IReadOnlyList<(string Name, string Files)> All { get; } =
    [
        (Csv, "cases.csv, summary.csv"),
        (Json, "run.json"),
        (Markdown, "summary.md"),
        (JUnit, "junit.xml"),
        (Html, "charts/ (each chart's data, SVG and PNG) and report.html"),
    ];

    public static IReadOnlyList<string> Names { get; } = [.. All.Select(f => f.Name)];

    /// <summary>What is wrong with a format name, with a did-you-mean, or null for a known one.</summary>
    public static string? Unknown(string format) =>
        Names.Contains(format) ? null : $"unknown report format '{format}'{Configuration.Suggestions.Hint(format, Names)}";
}
