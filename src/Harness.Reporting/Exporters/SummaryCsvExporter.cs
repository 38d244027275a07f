using Harness.Core.Results;

namespace Harness.Reporting.Exporters;

/// <summary>
/// summary.csv: one row per pipeline × metric with the mean, its 95% CI, the counts and the percentiles; then,
/// for each fine-tuned pipeline, one row per training figure (<see cref="TrainingFigures"/>: one measurement, n 1, no CI).
/// </summary>
public sealed class SummaryCsvExporter : RunFileExporter
{
    public const string FileName = "summary.csv";

    public static IReadOnlyList<string> Columns { get; } =
        ["pipeline", "metric", "mean", "ci_low", "ci_high", "n", "n_inconclusive", "n_error", "p50", "p95", "p99"];

    public override string Name => FileName;

    protected override async Task WriteAsync(RunResult run, Stream stream, CancellationToken cancellationToken)
    {
        await using var csv = CsvFormat.Create(stream);
        csv.WriteHeader([.. Columns]);
        foreach (var summary in RunOrdering.Summaries(run))
        {
            csv.WriteField(summary.Pipeline);
            csv.WriteField(summary.MetricId);
            csv.WriteNumber(summary.Mean);
            csv.WriteNumber(summary.CiLow);
            csv.WriteNumber(summary.CiHigh);
            csv.WriteNumber(summary.N);
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
                csv.WriteNumber(figure.Value is null ? 0 : 1);
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
