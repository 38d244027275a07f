namespace Harness.Llama.Training;

/// <summary>Training could not start or finish (unusable base model, too little data, a native failure).</summary>
public class TrainingException : LlamaException
{
    public TrainingException()
    {
    }

    public TrainingException(string message)
        : base(message)
    {
    }

    public TrainingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>The training data cannot make a training run (empty, or shorter than two windows).</summary>
public class TrainingDataException : TrainingException
{
    public TrainingDataException()
    {
    }

    public TrainingDataException(string message)
        : base(message)
    {
    }

    public TrainingDataException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// Training diverged (a non-finite loss, or a validation loss that exploded past
/// <see cref="LlamaTrainer.ExplodedFactor"/> × the base model's) and was stopped; nothing was saved. A validation
/// loss that merely stops improving is early stopping, not divergence. <see cref="Epochs"/> holds the epochs that ran, the last one the one that diverged.
/// </summary>
public class TrainingDivergedException : TrainingException
{
    public TrainingDivergedException()
    {
    }

    public TrainingDivergedException(string message)
        : base(message)
    {
    }

    public TrainingDivergedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public TrainingDivergedException(string message, IReadOnlyList<EpochReport> epochs)
        : base(message) => Epochs = epochs;

    public IReadOnlyList<EpochReport> Epochs { get; } = [];
}
