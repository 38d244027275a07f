using Harness.Core.Baselines;
using Harness.Core.Results;
using Harness.Reporting.Charts;
using Harness.Reporting.Comparison;
using Harness.Reporting.Exporters;
using Harness.Reporting.Html;
using Microsoft.Extensions.Logging;

namespace Harness.Reporting;

/// <summary>
/// Writes everything a run's report consists of into one directory: the data files of
/// <see cref="DefaultExporters"/>, the chart specs and their SVG/PNG renderings under charts/, and
/// the self-contained report.html; or, for two runs, the paired comparison.
/// </summary>
public static class ReportWriter
{
    public const string HtmlFileName = "report.html";
    public const string ComparisonHtmlFileName = "comparison.html";
    public const string ChartsFolder = "charts";

    public static async Task<ReportOutcome> WriteAsync(
        RunResult run, string directory, ReportOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(directory);
        options ??= new ReportOptions();
        var files = new List<string>();
        var messages = new List<string>();
        Directory.CreateDirectory(directory);

        foreach (var exporter in DefaultExporters.All)
        {
            await exporter.ExportAsync(run, directory, cancellationToken).ConfigureAwait(false);
            files.Add(exporter.Name);
        }
        var charts = RunCharts.Build(run, options.History);
        var renderer = options.Renderer ?? new VegaRenderer();
        await WriteChartsAsync(charts, directory, renderer, options, files, messages, cancellationToken).ConfigureAwait(false);

        var title = $"Harness report: {run.Info.Suite}";
        var data = ReportDataBuilder.Build(run, charts, ChartsMessage(renderer), title);
        await AtomicFile.WriteTextAsync(
            Path.Combine(directory, HtmlFileName), HtmlReportWriter.Render(data, renderer.ReadBrowserLibraries()), cancellationToken).ConfigureAwait(false);
        files.Add(HtmlFileName);
        return Finish(files, messages, options);
    }

    /// <summary>The comparison of run B with run A from <see cref="RunComparison.Compare"/>'s rows.</summary>
    public static Task<ReportOutcome> WriteComparisonAsync(
        RunResult runA, RunResult runB, IReadOnlyList<ComparisonRow> rows, string directory,
        ReportOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return WriteComparisonAsync(runA, runB, [.. rows.Select(PairedComparisonRow.From)], directory, options, cancellationToken);
    }

    /// <summary>
    /// The comparison of run B with run A (B − A): comparison.csv, comparison.md, the difference
    /// charts and comparison.html. <paramref name="rows"/> come from <see cref="PairedComparisonRow.Compute"/>.
    /// </summary>
    public static async Task<ReportOutcome> WriteComparisonAsync(
        RunResult runA, RunResult runB, IReadOnlyList<PairedComparisonRow> rows, string directory,
        ReportOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runA);
        ArgumentNullException.ThrowIfNull(runB);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(directory);
        options ??= new ReportOptions();
        var files = new List<string>();
        var messages = new List<string>();
        Directory.CreateDirectory(directory);

        var metrics = runB.Metrics.Concat(runA.Metrics.Where(a => !runB.Metrics.Any(b => b.Id == a.Id))).ToList();
        await ComparisonFiles.WriteCsvAsync(rows, Path.Combine(directory, ComparisonFiles.CsvFileName), cancellationToken).ConfigureAwait(false);
        files.Add(ComparisonFiles.CsvFileName);
        await AtomicFile.WriteTextAsync(
            Path.Combine(directory, ComparisonFiles.MarkdownFileName), ComparisonFiles.Markdown(runA, runB, rows, metrics), cancellationToken).ConfigureAwait(false);
        files.Add(ComparisonFiles.MarkdownFileName);

        var charts = ComparisonCharts.Build(rows, metrics);
        var renderer = options.Renderer ?? new VegaRenderer();
        await WriteChartsAsync(charts, directory, renderer, options, files, messages, cancellationToken).ConfigureAwait(false);

        var data = ComparisonFiles.ReportData(runA, runB, rows, metrics, charts, ChartsMessage(renderer));
        await AtomicFile.WriteTextAsync(
            Path.Combine(directory, ComparisonHtmlFileName), HtmlReportWriter.Render(data, renderer.ReadBrowserLibraries()), cancellationToken).ConfigureAwait(false);
        files.Add(ComparisonHtmlFileName);
        return Finish(files, messages, options);
    }

    private static async Task WriteChartsAsync(
        IReadOnlyList<ChartSpec> charts, string directory, VegaRenderer renderer, ReportOptions options,
        List<string> files, List<string> messages, CancellationToken cancellationToken)
    {
        var chartDirectory = Path.Combine(directory, ChartsFolder);
        RemoveStaleCharts(chartDirectory, charts, options.RenderStaticCharts);
        if (charts.Count == 0)
        {
            return;
        }
        foreach (var chart in charts)
        {
            var name = $"{ChartsFolder}/{chart.Name}.vl.json";
            await AtomicFile.WriteTextAsync(Path.Combine(directory, name), chart.ToJson() + "\n", cancellationToken).ConfigureAwait(false);
            files.Add(name);
        }
        if (!options.RenderStaticCharts)
        {
            return;
        }
        if (!renderer.IsAvailable)
        {
            messages.Add(renderer.MissingMessage);
            return;
        }
        try
        {
            foreach (var name in await renderer.RenderAsync(charts, chartDirectory, options.PngScale, cancellationToken).ConfigureAwait(false))
            {
                files.Add($"{ChartsFolder}/{name}.svg");
                files.Add($"{ChartsFolder}/{name}.png");
            }
        }
        catch (ChartRenderException exception)
        {
            // A chart that cannot be drawn must not cost the run its CSV and HTML.
            messages.Add(exception.Message);
        }
    }

    /// <summary>
    /// A report written again (e.g. after more cases) must not keep a chart that no longer has data,
    /// nor renderings older than their spec.
    /// </summary>
    private static void RemoveStaleCharts(string chartDirectory, IReadOnlyList<ChartSpec> charts, bool rendering)
    {
        if (!Directory.Exists(chartDirectory))
        {
            return;
        }
        var current = charts.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(chartDirectory))
        {
            var name = Path.GetFileName(file);
            var (chart, extension) = name.EndsWith(".vl.json", StringComparison.Ordinal)
                ? (name[..^".vl.json".Length], ".vl.json")
                : (Path.GetFileNameWithoutExtension(name), Path.GetExtension(name));
            var rendered = extension is ".svg" or ".png";
            if ((rendered || extension == ".vl.json") && (!current.Contains(chart) || (rendered && rendering)))
            {
                File.Delete(file);
            }
        }
    }

    private static string? ChartsMessage(VegaRenderer renderer) => renderer.CanEmbed
        ? null
        : $"Charts are not shown because the chart renderer was not installed when this report was written; run {VegaRenderer.InstallCommand} and write the report again. The chart specs are in {ChartsFolder}/*.vl.json.";

    private static ReportOutcome Finish(List<string> files, List<string> messages, ReportOptions options)
    {
        foreach (var message in messages)
        {
            options.Logger?.LogWarning("{Message}", message);
        }
        return new ReportOutcome(files, messages);
    }
}
