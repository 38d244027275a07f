using Harness.Core.Data;

namespace Harness.Core.Suites;

/// <summary>
/// A pipeline's <c>train:</c> block: the harness fine-tunes the pipeline's (F32) generator itself, with
/// llama.cpp's training API, on the suite's own data, and answers with the trained model. Every setting
/// is part of the trained model's cache key.
/// </summary>
public sealed record TrainingDefinition
{
    /// <summary>What the model is trained on.</summary>
    public required TrainingData Data { get; init; }

    /// <summary>For <see cref="TrainingData.Split"/>: the dataset split whose cases are the training pairs (never the evaluated split).</summary>
    public string? Split { get; init; }

    /// <summary>Passes over the training windows.</summary>
    public int Epochs { get; init; } = 1;

    /// <summary>AdamW's step size, constant over the run.</summary>
    public double LearningRate { get; init; } = 1e-4;

    /// <summary>Tokens per training window (llama.cpp may round the context up; the record keeps the size used).</summary>
    public int Context { get; init; } = 256;

    /// <summary>Tokens per optimizer step (a window is trained in context / batch steps); null for one step per window.</summary>
    public int? Batch { get; init; }

    /// <summary>Seeds which windows are held out for validation and the order windows are trained in.</summary>
    public int Seed { get; init; }

    /// <summary>Train on at most this many documents (corpus) or cases (split), the first in dataset order; null for all.</summary>
    public int? Limit { get; init; }

    /// <summary>Share of the windows held out to measure the validation loss (at least one window).</summary>
    public double Validation { get; init; } = 0.1;

    /// <summary>Training stops early, keeping the best epoch's weights, after this many epochs without a new best validation loss; 0 never stops early.</summary>
    public int Patience { get; init; } = 2;

    /// <summary>
    /// The cases <c>data: split</c> trains on, each with the answer it learns: its label (classification datasets) or
    /// else its first reference answer; cases that failed to import or have nothing to answer with are left out; at most
    /// <see cref="Limit"/>, the first in dataset order. Selection leaves these cases out when it uses the same split.
    /// </summary>
    public IReadOnlyList<(EvalCase Case, string Answer)> Pairs(IEnumerable<EvalCase> cases)
    {
        var pairs = cases
            .Where(c => c.ImportError is null)
            .Select(c => (Case: c, Answer: string.IsNullOrWhiteSpace(c.Label) ? c.References.FirstOrDefault(r => !string.IsNullOrWhiteSpace(r)) : c.Label))
            .Where(pair => !string.IsNullOrWhiteSpace(pair.Answer))
            .Select(pair => (pair.Case, pair.Answer!.Trim()));
        return [.. Limit is { } limit ? pairs.Take(limit) : pairs];
    }
}

/// <summary>The data a <c>train:</c> block fine-tunes on.</summary>
public enum TrainingData
{
    /// <summary>The suite's documents as plain text (continued pre-training: knowledge injection).</summary>
    Corpus,
    /// <summary>The question/reference pairs of another split, formatted with the pipeline's prompt.</summary>
    Split,
}
