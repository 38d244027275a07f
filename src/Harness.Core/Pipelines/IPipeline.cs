using Harness.Core.Data;

namespace Harness.Core.Pipelines;

/// <summary>
/// Answers cases. Pipelines receive cases in batches so a local model can decode several of them as
/// parallel sequences of one context; a failure of one case is returned as its result, never thrown.
/// </summary>
public interface IPipeline : IAsyncDisposable
{
    string Name { get; }

    /// <summary>The kind as written in suites: closed-book, rag, fine-tuned, hybrid, extractive, remote.</summary>
    string Kind { get; }

    /// <summary>True when the pipeline retrieves (its answers are judged against the retrieved passages).</summary>
    bool Retrieves { get; }

    /// <summary>Cases this pipeline wants per batch (a remote pipeline's request concurrency), or 0 for the run's batch size (--parallel).</summary>
    int PreferredBatchSize => 0;

    Task<IReadOnlyList<PipelineResult>> AnswerAsync(IReadOnlyList<EvalCase> cases, CancellationToken cancellationToken);
}
