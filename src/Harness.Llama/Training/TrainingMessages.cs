namespace Harness.Llama.Training;

/// <summary>What the parent asks the training worker to do (a JSON file named on its command line).</summary>
internal sealed record TrainingRequest(string BasePath, IReadOnlyList<string> Texts, LlamaTrainingOptions Options, string OutputPath);

/// <summary>
/// One line the worker writes to its standard output (JSON): a step inside an epoch, a finished epoch, the
/// result, or the failure (<see cref="Failure"/> names the exception type to raise in the parent).
/// </summary>
internal sealed record TrainingMessage
{
    public TrainingProgress? Step { get; init; }

    public EpochReport? Epoch { get; init; }

    public LlamaTrainingResult? Result { get; init; }

    public string? Failure { get; init; }

    public string? Message { get; init; }

    /// <summary>The epochs finished before a divergence stopped training.</summary>
    public IReadOnlyList<EpochReport>? Epochs { get; init; }

    public const string Diverged = "diverged";
    public const string Data = "data";
    public const string Training = "training";
}
