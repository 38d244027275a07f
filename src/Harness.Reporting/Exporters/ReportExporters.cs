using Harness.Core.Suites;

namespace Harness.Reporting.Exporters;

/// <summary>
/// The writers of each report format that Harness.Core's <see cref="ReportFormats"/> names: a run writes the
/// formats its suite (or <c>run --formats</c>) selects. <see cref="ReportFormats.Html"/> has no data writer here:
/// <see cref="ReportWriter"/> draws its charts and renders report.html.
/// </summary>
public static class ReportExporters
{
    private static readonly Dictionary<string, IReadOnlyList<IRunExporter>> _byFormat = new(StringComparer.Ordinal)
    {
        [ReportFormats.Csv] = [new CasesCsvExporter(), new SummaryCsvExporter()],
        [ReportFormats.Json] = [new RunJsonExporter()],
        [ReportFormats.Markdown] = [new MarkdownSummaryExporter()],
        [ReportFormats.JUnit] = [new JUnitExporter()],
        [ReportFormats.Html] = [],
    };

    /// <summary>The data writers of the formats, in the order of <see cref="ReportFormats.All"/>.</summary>
    public static IReadOnlyList<IRunExporter> For(IEnumerable<string> formats)
    {
        ArgumentNullException.ThrowIfNull(formats);
        var chosen = formats.ToHashSet(StringComparer.Ordinal);
        var unknown = chosen.Where(f => !_byFormat.ContainsKey(f)).ToArray();
        return unknown.Length > 0
            ? throw new ArgumentException($"unknown report format {string.Join(", ", unknown.Select(f => $"'{f}'"))} - use {string.Join(", ", ReportFormats.Names)}", nameof(formats))
            : [.. ReportFormats.Names.Where(chosen.Contains).SelectMany(f => _byFormat[f])];
    }

    /// <summary>Every data writer: what a run writes by default.</summary>
    public static IReadOnlyList<IRunExporter> All { get; } = For(ReportFormats.Names);
}
