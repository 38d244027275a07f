namespace Harness.Llama;

/// <summary>How a context is sized and run.</summary>
public sealed record LlamaContextOptions
{
    /// <summary>Tokens of KV cache per sequence (0: the model's training context).</summary>
    public int ContextSize { get; init; } = 2048;

    /// <summary>Most tokens one llama_decode call takes (prompt chunks are this long).</summary>
    public int BatchSize { get; init; } = 512;

    /// <summary>Sequences decoded side by side in this context (each gets <see cref="ContextSize"/> tokens).</summary>
    public int Sequences { get; init; } = 1;

    /// <summary>Threads for single-token decoding (0: all cores).</summary>
    public int Threads { get; init; }

    /// <summary>Threads for prompt batches (0: same as <see cref="Threads"/>).</summary>
    public int BatchThreads { get; init; }

    /// <summary>Produce mean-pooled sequence embeddings instead of generating.</summary>
    public bool Embeddings { get; init; }

    internal int EffectiveThreads => Threads > 0 ? Threads : Environment.ProcessorCount;

    internal int EffectiveBatchThreads => BatchThreads > 0 ? BatchThreads : EffectiveThreads;
}
