using System.Text.Json;
using CsvHelper;
using Harness.Core;
using Harness.Core.Metrics;
using Harness.Core.Pipelines;
using Harness.Core.Results;

namespace Harness.Reporting.Exporters;

/// <summary>
/// cases.csv: one row per case × pipeline (pipeline order, then case order) with the question,
/// references, answer, retrieved ids, the judged claims (a JSON array: text, verdict, score, reason,
/// evidenceId, evidence, status), every metric's value and status, and the timings. Every
/// timing-dependent value sits in a column named by <see cref="IsTimingColumn"/>, so two runs of
/// the same suite from the generation cache are byte-identical apart from those columns (which is
/// also why the run id is not a column: the file's folder names its run). A metric's columns are named
/// by its id, as summary.csv's metric column; the pipeline's raw token counts and timings come last with
/// a "measured_" prefix (measured_prompt_tokens beside the metric prompt_tokens), apart from the metrics,
/// whose latencies exclude warm-up and replays. Every column name is unique.
/// </summary>
public sealed class CasesCsvExporter : RunFileExporter
{
    public const string FileName = "cases.csv";

    /// <summary>Separates several references or retrieved ids inside one cell.</summary>
    public const string ListSeparator = " | ";

    private const string TokensPerSecond = "tokens_per_second";

    private const string StatusSuffix = "_status";

    private static readonly string[] _leadingColumns =
        ["case_id", "pipeline", "question", "references", "label", "answer", "retrieved_ids", "dropped_passages", "error", "claims"];

    private static readonly string[] _trailingColumns =
        ["measured_prompt_tokens", "measured_generated_tokens", "measured_retrieval_ms", "measured_prompt_eval_ms", "measured_ttft_ms",
            "measured_generation_ms", "measured_total_ms", "measured_" + TokensPerSecond];

    public override string Name => FileName;

    /// <summary>
    /// True for the columns whose values depend on timing (wall-clock measurements), and for the status
    /// of a latency value, which is inconclusive for warm-up cases and for answers replayed from the cache.
    /// </summary>
    public static bool IsTimingColumn(string column)
    {
        ArgumentNullException.ThrowIfNull(column);
        var value = column.EndsWith(StatusSuffix, StringComparison.Ordinal) ? column[..^StatusSuffix.Length] : column;
        return value.EndsWith("_ms", StringComparison.Ordinal) || value.EndsWith(TokensPerSecond, StringComparison.Ordinal);
    }

    /// <summary>
    /// The value column of a metric: its id, except that a latency metric whose id does not already
    /// follow the timing naming rule gets the suffix that does.
    /// </summary>
    public static string ValueColumn(MetricDescriptor metric)
    {
        ArgumentNullException.ThrowIfNull(metric);
        if (!KnownMetrics.IsTiming(metric) || IsTimingColumn(metric.Id))
        {
            return metric.Id;
        }
        return metric.Unit == "tokens/s" ? $"{metric.Id}_{TokensPerSecond}" : $"{metric.Id}_ms";
    }

    public static IReadOnlyList<string> Columns(RunResult run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return [.. _leadingColumns, .. run.Metrics.SelectMany(m => new[] { ValueColumn(m), ValueColumn(m) + StatusSuffix }), .. _trailingColumns];
    }

    protected override async Task WriteAsync(RunResult run, Stream stream, CancellationToken cancellationToken)
    {
        var cases = RunOrdering.CasesById(run);
        await using var csv = CsvFormat.Create(stream);
        csv.WriteHeader([.. Columns(run)]);
        foreach (var result in RunOrdering.Results(run))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var evalCase = cases.GetValueOrDefault(result.CaseId);
            var output = result.Output;
            csv.WriteText(result.CaseId);
            csv.WriteText(result.Pipeline);
            csv.WriteText(evalCase?.Question);
            csv.WriteText(evalCase is null ? null : string.Join(ListSeparator, evalCase.References));
            csv.WriteText(evalCase?.Label);
            csv.WriteText(output?.Answer);
            csv.WriteText(output is null ? null : string.Join(ListSeparator, output.Retrieved.Select(r => r.Passage.Id)));
            csv.WriteNumber(output?.DroppedPassages);
            csv.WriteText(result.Error ?? evalCase?.ImportError);
            csv.WriteText(result.Claims.Count == 0 ? null : JsonSerializer.Serialize(result.Claims, HarnessJson.Options));
            foreach (var metric in run.Metrics)
            {
                var value = result.Find(metric.Id);
                csv.WriteNumber(value?.Value);
                csv.WriteField(value is null ? null : StatusText(value.Status));
            }
            WriteTimings(csv, output);
            await csv.EndRecordAsync(cancellationToken).ConfigureAwait(false);
        }
        await csv.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    internal static string StatusText(ValueStatus status) => status switch
    {
        ValueStatus.Ok => "ok",
        ValueStatus.Inconclusive => "inconclusive",
        ValueStatus.Error => "error",
        ValueStatus.NotApplicable => "not applicable",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "unknown value status"),
    };

    private static void WriteTimings(CsvWriter csv, PipelineOutput? output)
    {
        var timings = output?.Timings;
        csv.WriteNumber(output?.Tokens.Prompt);
        csv.WriteNumber(output?.Tokens.Generated);
        csv.WriteNumber(timings?.Retrieval?.TotalMilliseconds);
        csv.WriteNumber(timings?.PromptEvaluation?.TotalMilliseconds);
        csv.WriteNumber(timings?.TimeToFirstToken?.TotalMilliseconds);
        csv.WriteNumber(timings?.Generation?.TotalMilliseconds);
        csv.WriteNumber(timings?.Total.TotalMilliseconds);
        csv.WriteNumber(TokensPerSecondOf(output));
    }

    internal static double? TokensPerSecondOf(PipelineOutput? output) =>
        output is { Timings.Generation: { TotalSeconds: > 0 } generation, Tokens.Generated: > 0 }
            ? output.Tokens.Generated / generation.TotalSeconds
            : null;
}
