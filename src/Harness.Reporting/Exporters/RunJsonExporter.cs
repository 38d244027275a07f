using System.Text.Json;
using Harness.Core;
using Harness.Core.Gates;
using Harness.Core.Metrics;
using Harness.Core.Results;

namespace Harness.Reporting.Exporters;

/// <summary>run.json: the run's identity and configuration, its environment, the gate verdicts, the fine-tuning it did with its cost and loss curves, and how its sweeps' variants were chosen (harness JSON dialect).</summary>
public sealed class RunJsonExporter : RunFileExporter
{
    public const string FileName = "run.json";

    public override string Name => FileName;

    protected override Task WriteAsync(RunResult run, Stream stream, CancellationToken cancellationToken)
    {
        var record = new RunRecord(
            FormatVersions.RunJson,
            run.Info,
            run.Environment,
            run.Pipelines,
            run.Metrics,
            run.Cases.Count,
            run.Results.Count,
            run.Gates,
            run.Training,
            run.Selection);
        return JsonSerializer.SerializeAsync(stream, record, HarnessJson.Indented, cancellationToken);
    }

    /// <summary>The file's fields in order; <see cref="FormatVersions.RunJson"/> comes first so a reader checks it before the rest.</summary>
    private sealed record RunRecord(
        int FormatVersion,
        RunInfo Run,
        RunEnvironment Environment,
        IReadOnlyList<PipelineInfo> Pipelines,
        IReadOnlyList<MetricDescriptor> Metrics,
        int Cases,
        int Results,
        IReadOnlyList<GateResult> Gates,
        IReadOnlyList<TrainingRecord> Training,
        SelectionRecord? Selection);
}
