using System.Text.Json.Serialization;

namespace Harness.Llama.Training;

/// <summary>How <see cref="LlamaTrainer"/> fine-tunes: full fine-tuning with AdamW at a constant learning rate.</summary>
public sealed record LlamaTrainingOptions
{
    /// <summary>Tokens per training window; llama.cpp may round the context up (the result reports the size used).</summary>
    public int Context { get; init; } = 256;

    /// <summary>Tokens per optimizer step; must divide the context (0: the whole window in one step).</summary>
    public int Batch { get; init; }

    public int Epochs { get; init; } = 1;

    public float LearningRate { get; init; } = 1e-4f;

    /// <summary>Seeds the held-out windows and the per-epoch order of the training windows.</summary>
    public int Seed { get; init; }

    /// <summary>Share of the windows held out for the validation loss.</summary>
    public double ValidationShare { get; init; } = 0.1;

    /// <summary>
    /// Epochs without a new best validation loss (the base model's included) after which training stops early,
    /// keeping the best epoch's weights; 0 never stops early.
    /// </summary>
    public int Patience { get; init; } = 2;

    /// <summary>Compute threads (0: <see cref="LlamaThreads.Automatic"/> for the model's size).</summary>
    public int Threads { get; init; }

    /// <summary>Layers offloaded to a GPU backend (0: CPU only; negative: all).</summary>
    public int GpuLayers { get; init; }
}

/// <summary>One finished epoch: mean cross-entropy per token on the training and held-out windows, and its speed.</summary>
public sealed record EpochReport(int Epoch, int Epochs, double TrainLoss, double ValidationLoss, long TrainedTokens, TimeSpan Elapsed, TimeSpan Remaining)
{
    /// <summary>Trained tokens per second of this epoch (validation forward passes included in the time).</summary>
    public double TokensPerSecond => Elapsed > TimeSpan.Zero ? TrainedTokens / Elapsed.TotalSeconds : 0;
}

/// <summary>Progress inside an epoch: how many of its optimizer steps (batches) are done.</summary>
public sealed record TrainingProgress(int Epoch, int Epochs, long Step, long Steps);

/// <summary>A finished training run: every epoch that ran, the base model's held-out loss and context length (the trained file records the training context instead), the context actually used, the windows and the tokens trained on, and the training process's peak resident memory.</summary>
public sealed record LlamaTrainingResult(
    IReadOnlyList<EpochReport> Epochs, double BaseValidationLoss, int BaseContextLength, int Context, int Batch, int Threads, int TrainWindows, int ValidationWindows, long DataTokens, long TrainedTokens, TimeSpan Elapsed, long PeakRssBytes)
{
    /// <summary>The epoch whose weights were written: the lowest validation loss among the epochs that ran.</summary>
    public int KeptEpoch { get; init; }

    /// <summary>The kept epoch's report.</summary>
    [JsonIgnore]
    public EpochReport Kept => Epochs.Single(e => e.Epoch == KeptEpoch);

    /// <summary>Training stopped before its last epoch because the validation loss stopped improving.</summary>
    [JsonIgnore]
    public bool StoppedEarly => Epochs.Count > 0 && Epochs[^1].Epoch < Epochs[^1].Epochs;

    public double TokensPerSecond => Elapsed > TimeSpan.Zero ? TrainedTokens / Elapsed.TotalSeconds : 0;
}
