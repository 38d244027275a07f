using System.Globalization;
using System.Text;
using Harness.Core.Baselines;
using Harness.Core.Metrics;
using Harness.Core.Results;
using Harness.Reporting.Charts;
using Harness.Reporting.Exporters;
using Harness.Reporting.Html;

namespace Harness.Reporting.Comparison;

/// <summary>The data files and page data of a two-run comparison.</summary>
public static class ComparisonFiles
{
    public const string CsvFileName = "comparison.csv";
    public const string MarkdownFileName = "comparison.md";

    // The columns of `harness compare`'s CSV, so the two files read alike.
    private static readonly string[] _columns =
        ["metric", "pipeline", "n", "a", "b", "difference", "ci_low", "ci_high", "p", "adjusted_p", "verdict", "message"];

    public static Task WriteCsvAsync(IReadOnlyList<PairedComparisonRow> rows, string path, CancellationToken cancellationToken) =>
        AtomicFile.WriteAsync(path, async (stream, ct) =>
        {
            await using var csv = CsvFormat.Create(stream);
            csv.WriteHeader(_columns);
            foreach (var row in rows)
            {
                csv.WriteField(row.MetricId);
                csv.WriteField(row.Pipeline);
                csv.WriteNumber(row.N);
                csv.WriteNumber(row.MeanA);
                csv.WriteNumber(row.MeanB);
                csv.WriteNumber(row.Difference);
                csv.WriteNumber(row.CiLow);
                csv.WriteNumber(row.CiHigh);
                csv.WriteNumber(row.PValue);
                csv.WriteNumber(row.AdjustedPValue);
                csv.WriteField(PairedComparisonRow.VerdictText(row.Verdict));
                csv.WriteField(row.Message);
                await csv.EndRecordAsync(ct).ConfigureAwait(false);
            }
            await csv.FlushAsync(ct).ConfigureAwait(false);
        }, cancellationToken);

    internal static string Markdown(RunResult runA, RunResult runB, IReadOnlyList<PairedComparisonRow> rows, IReadOnlyList<MetricDescriptor> metrics)
    {
        var md = new StringBuilder();
        md.Append("# Harness comparison: ").Append(MarkdownText.Escape(runB.Info.Suite)).Append("\n\n");
        md.Append("A = run `").Append(runA.Info.RunId.Replace("`", "", StringComparison.Ordinal)).Append("` (")
            .Append(DisplayFormat.Date(runA.Info.StartedAt)).Append("), B = run `")
            .Append(runB.Info.RunId.Replace("`", "", StringComparison.Ordinal)).Append("` (")
            .Append(DisplayFormat.Date(runB.Info.StartedAt)).Append("). Differences are B − A, paired on shared cases, Holm-adjusted.\n\n");
        md.Append(string.Join(", ", Enum.GetValues<ComparisonVerdict>()
                .Select(v => (Verdict: v, Count: rows.Count(r => r.Verdict == v)))
                .Where(c => c.Count > 0)
                .Select(c => $"{c.Count} {PairedComparisonRow.VerdictText(c.Verdict)}")))
            .Append(".\n\n");
        md.Append("| Metric | Pipeline | A | B | B − A | 95% CI | p | Holm p | Verdict | Detail |\n");
        md.Append("| --- | --- | ---: | ---: | ---: | --- | ---: | ---: | --- | --- |\n");
        foreach (var row in rows)
        {
            var metric = metrics.FirstOrDefault(m => m.Id == row.MetricId);
            var format = metric?.Format ?? "0.000";
            md.Append("| ").Append(MarkdownText.Escape(metric?.DisplayName ?? row.MetricId))
                .Append(" | ").Append(MarkdownText.Escape(row.Pipeline))
                .Append(" | ").Append(DisplayFormat.Value(row.MeanA, format))
                .Append(" | ").Append(DisplayFormat.Value(row.MeanB, format))
                .Append(" | ").Append(row.Difference?.ToString("+" + format + ";-" + format + ";" + format, CultureInfo.InvariantCulture) ?? "–")
                .Append(" | ").Append(DisplayFormat.Interval(row.CiLow, row.CiHigh, format))
                .Append(" | ").Append(DisplayFormat.Value(row.PValue, "0.0000"))
                .Append(" | ").Append(DisplayFormat.Value(row.AdjustedPValue, "0.0000"))
                .Append(" | ").Append(PairedComparisonRow.VerdictText(row.Verdict))
                .Append(" | ").Append(MarkdownText.Escape(row.Message))
                .Append(" |\n");
        }
        return md.ToString();
    }

    internal static ReportData ReportData(
        RunResult runA, RunResult runB, IReadOnlyList<PairedComparisonRow> rows, IReadOnlyList<MetricDescriptor> metrics,
        IReadOnlyList<ChartModel> charts, string? chartsMessage)
    {
        var header = ReportDataBuilder.Header(runB, $"Harness comparison: {runB.Info.Suite}") with
        {
            RunId = $"A {runA.Info.RunId} → B {runB.Info.RunId}",
        };
        var comparison = rows.Select(r =>
        {
            var metric = metrics.FirstOrDefault(m => m.Id == r.MetricId);
            return new ReportComparisonRow(
                metric?.DisplayName ?? r.MetricId, r.Pipeline, r.MeanA, r.MeanB, r.Difference, r.CiLow, r.CiHigh,
                r.PValue, r.AdjustedPValue, PairedComparisonRow.VerdictText(r.Verdict), r.Message, r.N,
                ReportDataBuilder.Decimals(metric?.Format ?? "0.000"));
        }).ToList();
        return new ReportData(
            header,
            Gates: null,
            ReportDataBuilder.Metrics(runB),
            runB.Pipelines,
            Summary: null,
            Cases: null,
            new Dictionary<string, ReportPassage>(),
            ReportDataBuilder.Charts(charts),
            chartsMessage,
            comparison);
    }
}
