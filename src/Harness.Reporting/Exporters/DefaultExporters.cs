namespace Harness.Reporting.Exporters;

/// <summary>
/// The data files every run writes as it finishes (the reports with charts and HTML come from
/// ReportWriter): cases.csv, summary.csv, run.json, summary.md and junit.xml.
/// </summary>
public static class DefaultExporters
{
    public static IReadOnlyList<IRunExporter> All { get; } =
    [
        new CasesCsvExporter(),
        new SummaryCsvExporter(),
        new RunJsonExporter(),
        new MarkdownSummaryExporter(),
        new JUnitExporter(),
    ];
}
