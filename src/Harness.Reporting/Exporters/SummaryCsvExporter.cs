using Harness.Core.Results;

namespace Harness.Reporting.Exporters;

/// <summary>
/// summary.csv: one row per pipeline × metric with the mean, its 95% CI and how it was computed, the
/// counts, <c>small_n</c> (1 when n is below the minimum of 10) and the percentiles; then, for each
/// fine-tuned pipeline, one row per training figure (<see cref="TrainingFigures"/>: one measurement, n 1, no CI).
/// </summary>
public sealed class SummaryCsvExporter : RunFileExporter
{
    public const string FileName = "summary.csv";

    public static IReadOnlyList<string> Columns { get; } =
        ["pipeline", "metric", "mean", "ci_low", "ci_high", "interval", "n", "small_n", "n_inconclusive", "n_error", "p50", "p95", "p99"];

    public override string Name => FileName;

    protected override async Task WriteAsync(RunResult run, Stream stream, CancellationToken cancellationToken)
    {
        await using var csv = CsvFormat.Create(stream);
        csv.WriteHeader([.. Columns]);
        foreach (var summary in RunOrdering.Summaries(run))
        {
            csv.WriteText(summary.Pipeline);
            csv.WriteText(summary.MetricId);
            csv.WriteNumber(summary.Mean);
            csv.WriteNumber(summary.CiLow);
            csv.WriteNumber(summary.CiHigh);
            csv.WriteField(summary.Interval ?? "");
            csv.WriteNumber(summary.N);
            csv.WriteNumber(summary.SmallSample ? 1 : 0);
            csv.WriteNumber(summary.NInconclusive);
            csv.WriteNumber(summary.NError);
            csv.WriteNumber(summary.P50);
            csv.WriteNumber(summary.P95);
            csv.WriteNumber(summary.P99);
            await csv.EndRecordAsync(cancellationToken).ConfigureAwait(false);
        }
        foreach (var training in run.Training)
        {
            foreach (var figure in TrainingFigures.Of(training))
            {
                csv.WriteField(training.Pipeline);
                csv.WriteField(figure.Id);
                csv.WriteNumber(figure.Value);
                csv.WriteNumber(null);
                csv.WriteNumber(null);
                csv.WriteField("");
                csv.WriteNumber(figure.Value is null ? 0 : 1);
                csv.WriteNumber(0);
                csv.WriteNumber(0);
                csv.WriteNumber(training.Error is null ? 0 : 1);
                csv.WriteNumber(null);
                csv.WriteNumber(null);
                csv.WriteNumber(null);
                await csv.EndRecordAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        await csv.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
