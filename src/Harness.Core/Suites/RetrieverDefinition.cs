namespace Harness.Core.Suites;

/// <summary>How a pipeline retrieves passages (mapped onto Harness.Retrieval's options by the runner).</summary>
public sealed record RetrieverDefinition
{
    public required RetrieverKind Kind { get; init; }
    public int TopK { get; init; } = 5;
    /// <summary>Chunking of documents into passages; null retrieves the dataset's own passages.</summary>
    public ChunkDefinition? Chunk { get; init; }
    /// <summary>The embedder for dense and hybrid retrieval: "lsa" (built in) or a model card; the suite's embedder when unset.</summary>
    public string? Embedder { get; init; }
    /// <summary>FAISS index factory string, e.g. "Flat", "IVF64,Flat", "HNSW32".</summary>
    public string Index { get; init; } = "Flat";
    /// <summary>The k of reciprocal rank fusion for hybrid retrieval.</summary>
    public int RrfK { get; init; } = 60;
}

public enum RetrieverKind
{
    Bm25,
    Dense,
    Hybrid,
}

/// <summary>Fixed-size chunks of <see cref="Tokens"/> tokens, consecutive chunks sharing <see cref="Overlap"/>.</summary>
public sealed record ChunkDefinition(int Tokens, int Overlap);
