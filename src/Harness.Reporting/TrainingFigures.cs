using Harness.Core.Results;

namespace Harness.Reporting;

/// <summary>
/// The speed, memory and loss figures of one fine-tuning (<see cref="TrainingRecord"/>), written once for every
/// exporter: summary.csv rows (id, value) and summary.md columns (label, format). Its seconds and tokens are
/// the cost family's <c>training_s</c> and <c>training_tokens</c> (<see cref="PipelineInfo"/>), not repeated here.
/// </summary>
public static class TrainingFigures
{
    public sealed record Figure(string Id, string Label, double? Value, string Format);

    public static IReadOnlyList<Figure> Of(TrainingRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var trained = record.Error is null;
        return
        [
            new("training_tokens_per_s", "Tokens/s", trained ? record.TokensPerSecond : null, "0"),
            new("training_peak_rss_mib", "Peak RSS (MiB)", trained ? record.PeakRssBytes / (1024.0 * 1024.0) : null, "0"),
            new("training_base_validation_loss", "Base loss", record.BaseValidationLoss, "0.000"),
            new("training_final_loss", "Final loss", record.FinalTrainLoss, "0.000"),
            new("training_final_validation_loss", "Final validation loss", record.FinalValidationLoss, "0.000"),
        ];
    }
}
