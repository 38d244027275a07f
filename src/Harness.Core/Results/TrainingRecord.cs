using System.Globalization;

namespace Harness.Core.Results;

/// <summary>
/// What fine-tuning a pipeline's model cost and gave (run.json "training"): the settings, the data, the
/// time, tokens, speed and memory, and the loss curve. <see cref="Reused"/> says the model came from the
/// cache (the cost is then the one recorded when it was trained); <see cref="Error"/> says training failed
/// (diverged, or the data could not make a run) and the pipeline's cases are errors.
/// </summary>
public sealed record TrainingRecord
{
    public required string Pipeline { get; init; }
    /// <summary>The model card (or file) that was fine-tuned, and its sha256.</summary>
    public required string BaseModel { get; init; }
    public required string BaseSha256 { get; init; }
    /// <summary>The cache key: sha256 of (base sha256, data hash, settings, native build).</summary>
    public required string Key { get; init; }
    /// <summary>"corpus" or "split &lt;name&gt;".</summary>
    public required string Data { get; init; }
    public required string DataSha256 { get; init; }
    /// <summary>Documents or question/answer pairs trained on.</summary>
    public int DataItems { get; init; }
    public int Epochs { get; init; }
    public double LearningRate { get; init; }
    /// <summary>Tokens per window as trained (llama.cpp may round the requested context up).</summary>
    public int Context { get; init; }
    /// <summary>Tokens per optimizer step.</summary>
    public int Batch { get; init; }
    public int Seed { get; init; }
    /// <summary>The base model's context length: the trained file says the training context, so generation sizes its context from this.</summary>
    public int BaseContextLength { get; init; }
    public int Threads { get; init; }
    public bool Reused { get; init; }
    /// <summary>The trained GGUF in the cache (null when training failed).</summary>
    public string? ModelPath { get; init; }
    /// <summary>The trained GGUF's sha256 as written: the cache checks the file against it before reusing it.</summary>
    public string? ModelSha256 { get; init; }
    public long DataTokens { get; init; }
    public long TrainedTokens { get; init; }
    public double WallSeconds { get; init; }
    public double TokensPerSecond { get; init; }
    /// <summary>The process's peak resident memory when training ended, in bytes.</summary>
    public long PeakRssBytes { get; init; }
    /// <summary>The base model's loss on the held-out windows (the curve's epoch 0).</summary>
    public double? BaseValidationLoss { get; init; }
    /// <summary>The kept model's training loss: the kept epoch's (the last epoch's unless training stopped early).</summary>
    public double? FinalTrainLoss { get; init; }
    /// <summary>The kept model's validation loss: the lowest of the curve.</summary>
    public double? FinalValidationLoss { get; init; }
    /// <summary>The epoch whose weights the model holds: the one with the lowest validation loss.</summary>
    public int? KeptEpoch { get; init; }
    /// <summary>The last epoch that ran when training stopped early (the validation loss stopped improving for 'patience' epochs); null when every epoch ran.</summary>
    public int? StoppedEarlyAtEpoch { get; init; }
    public IReadOnlyList<EpochLoss> Curve { get; init; } = [];
    public string? Error { get; init; }

    /// <summary>"stopped early at epoch 6, kept epoch 4 (validation 0.710)", "kept epoch 3 of 6 (validation 0.710)" or null when the last epoch is kept.</summary>
    public string? Stopping => (KeptEpoch, StoppedEarlyAtEpoch, FinalValidationLoss) switch
    {
        ({ } kept, { } stopped, { } loss) => string.Create(CultureInfo.InvariantCulture, $"stopped early at epoch {stopped}, kept epoch {kept} (validation {loss:0.000})"),
        ({ } kept, null, { } loss) when kept < Epochs => string.Create(CultureInfo.InvariantCulture, $"kept epoch {kept} of {Epochs} (validation {loss:0.000})"),
        _ => null,
    };
}

/// <summary>One point of a loss curve: an epoch's mean training and held-out loss per token, and its seconds.</summary>
public sealed record EpochLoss(int Epoch, double TrainLoss, double ValidationLoss, double Seconds);
