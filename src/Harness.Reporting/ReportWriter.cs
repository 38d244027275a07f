using Harness.Core.Baselines;
using Harness.Core.Results;
using Harness.Core.Suites;
using Harness.Reporting.Charts;
using Harness.Reporting.Charts.Rendering;
using Harness.Reporting.Comparison;
using Harness.Reporting.Decision;
using Harness.Reporting.Exporters;
using Harness.Reporting.Html;
using Microsoft.Extensions.Logging;

namespace Harness.Reporting;

/// <summary>
/// Writes everything a run's report consists of into one directory: the data files of the selected formats
/// (<see cref="ReportExporters"/>) and, with the html format, each chart's data and its SVG/PNG (drawn with
/// ScottPlot) under charts/ and the self-contained report.html; or, for two runs, the paired comparison.
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

        foreach (var exporter in ReportExporters.For(options.Formats))
        {
            await exporter.ExportAsync(run, directory, cancellationToken).ConfigureAwait(false);
            files.Add(exporter.Name);
        }
        if (!options.Formats.Contains(ReportFormats.Html))
        {
            return Finish(files, messages, options);
        }
        // The decision's charts come first: the page opens with them.
        var decision = RunDecision.Build(run);
        var decisionCharts = decision is null ? [] : DecisionCharts.Build(decision, RunCharts.Colors(run, options.History));
        var charts = RunCharts.Build(run, options.History);
        var drawn = await WriteChartsAsync([.. decisionCharts, .. charts], directory, options, files, messages, cancellationToken).ConfigureAwait(false);

        List<ChartModel> Drawn(IReadOnlyList<ChartModel> models) => [.. models.Where(c => drawn.Any(d => d.Name == c.Name))];
        var title = $"Harness report: {run.Info.Suite}";
        var data = ReportDataBuilder.Build(run, Drawn(charts), ChartsMessage(messages), title) with
        {
            Decision = decision is null ? null : ReportDataBuilder.Decision(decision, Drawn(decisionCharts)),
        };
        await AtomicFile.WriteTextAsync(
            Path.Combine(directory, HtmlFileName), HtmlReportWriter.Render(data, Svgs(drawn)), cancellationToken).ConfigureAwait(false);
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
        var drawn = await WriteChartsAsync(charts, directory, options, files, messages, cancellationToken).ConfigureAwait(false);

        var data = ComparisonFiles.ReportData(runA, runB, rows, metrics, [.. charts.Where(c => drawn.Any(d => d.Name == c.Name))], ChartsMessage(messages));
        await AtomicFile.WriteTextAsync(
            Path.Combine(directory, ComparisonHtmlFileName), HtmlReportWriter.Render(data, Svgs(drawn)), cancellationToken).ConfigureAwait(false);
        files.Add(ComparisonHtmlFileName);
        return Finish(files, messages, options);
    }

    /// <summary>
    /// Writes each chart's data (charts/&lt;name&gt;.json) and, unless turned off, its SVG and PNG, and
    /// removes chart files this report no longer has. Returns the charts that were drawn, in order.
    /// </summary>
    private static async Task<List<RenderedChart>> WriteChartsAsync(
        IReadOnlyList<ChartModel> charts, string directory, ReportOptions options,
        List<string> files, List<string> messages, CancellationToken cancellationToken)
    {
        var chartDirectory = Path.Combine(directory, ChartsFolder);
        var written = new HashSet<string>(StringComparer.Ordinal);
        var drawn = new List<RenderedChart>();
        foreach (var chart in charts)
        {
            Directory.CreateDirectory(chartDirectory);
            var json = $"{ChartsFolder}/{chart.Name}.json";
            await AtomicFile.WriteTextAsync(Path.Combine(directory, json), chart.ToJson() + "\n", cancellationToken).ConfigureAwait(false);
            written.Add(json);
            RenderedChart rendered;
            try
            {
                rendered = ChartRenderer.Render(chart, options.PngScale);
            }
#pragma warning disable CA1031 // A chart that cannot be drawn must not cost the run its CSV and HTML; the message names it.
            catch (Exception exception) when (exception is not OperationCanceledException)
#pragma warning restore CA1031
            {
                messages.Add($"chart {chart.Name} could not be drawn ({exception.GetType().Name}: {exception.Message}); its data is in {json}");
                continue;
            }
            drawn.Add(rendered);
            if (options.RenderStaticCharts)
            {
                var svg = $"{ChartsFolder}/{chart.Name}.svg";
                var png = $"{ChartsFolder}/{chart.Name}.png";
                await AtomicFile.WriteTextAsync(Path.Combine(directory, svg), rendered.Svg, cancellationToken).ConfigureAwait(false);
                await AtomicFile.WriteAsync(Path.Combine(directory, png), (stream, ct) => stream.WriteAsync(rendered.Png, ct).AsTask(), cancellationToken).ConfigureAwait(false);
                written.Add(svg);
                written.Add(png);
            }
        }
        files.AddRange(charts.Select(c => $"{ChartsFolder}/{c.Name}.json").Where(written.Contains));
        files.AddRange(drawn.SelectMany(c => new[] { $"{ChartsFolder}/{c.Name}.svg", $"{ChartsFolder}/{c.Name}.png" }).Where(written.Contains));
        RemoveStaleCharts(directory, written);
        return drawn;
    }

    /// <summary>
    /// A report written again (e.g. after more cases) must not keep a chart that no longer has data,
    /// nor a picture older than its data.
    /// </summary>
    private static void RemoveStaleCharts(string directory, HashSet<string> written)
    {
        var chartDirectory = Path.Combine(directory, ChartsFolder);
        if (!Directory.Exists(chartDirectory))
        {
            return;
        }
        foreach (var file in Directory.EnumerateFiles(chartDirectory))
        {
            var name = $"{ChartsFolder}/{Path.GetFileName(file)}";
            if (Path.GetExtension(file) is ".json" or ".svg" or ".png" && !written.Contains(name))
            {
                File.Delete(file);
            }
        }
    }

    private static Dictionary<string, string> Svgs(List<RenderedChart> drawn) =>
        drawn.ToDictionary(d => d.Name, d => d.Svg, StringComparer.Ordinal);

    private static string? ChartsMessage(List<string> messages) => messages.Count == 0 ? null : string.Join(" ", messages);

    private static ReportOutcome Finish(List<string> files, List<string> messages, ReportOptions options)
    {
        foreach (var message in messages)
        {
            options.Logger?.LogWarning("{Message}", message);
        }
        return new ReportOutcome(files, messages);
    }
}
