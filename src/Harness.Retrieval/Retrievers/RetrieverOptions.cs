using System.Globalization;
using Harness.Retrieval.Chunking;
using Harness.Retrieval.Faiss;

namespace Harness.Retrieval.Retrievers;

/// <summary>A retriever's settings, as a suite's <c>retriever:</c> block declares them.</summary>
public sealed record RetrieverOptions
{
    public RetrieverKind Kind { get; init; } = RetrieverKind.Bm25;

    public int TopK { get; init; } = 5;

    public ChunkingOptions Chunking { get; init; } = ChunkingOptions.Default;

    /// <summary>Dense and hybrid: "lsa" or an embedding model card name.</summary>
    public string Embedder { get; init; } = "lsa";

    /// <summary>Dense and hybrid: a FAISS index-factory string ("Flat", "IVF64,Flat", "HNSW32", "PQ16").</summary>
    public string IndexFactory { get; init; } = "Flat";

    /// <summary>Dense and hybrid: inner product (cosine on the normalised embeddings) or L2.</summary>
    public FaissMetric Metric { get; init; } = FaissMetric.InnerProduct;

    /// <summary>Dense and hybrid: FAISS search-time settings, e.g. "nprobe=8" or "efSearch=64"; null for FAISS's defaults.</summary>
    public string? SearchParameters { get; init; }

    /// <summary>Hybrid: the k of reciprocal-rank fusion, score = Σ 1 / (k + rank).</summary>
    public int RrfK { get; init; } = 60;

    /// <summary>Hybrid: how many candidates each part contributes to the fusion (at least top-k).</summary>
    public int FusionDepth { get; init; } = 50;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first impossible setting.</summary>
    public void Validate()
    {
        Chunking.Validate();
        if (TopK < 1)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"top_k must be at least 1 (got {TopK})"));
        }
        if (RrfK < 0)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"rrf_k must not be negative (got {RrfK})"));
        }
        if (FusionDepth < 1)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"fusion depth must be at least 1 (got {FusionDepth})"));
        }
        if (Kind != RetrieverKind.Bm25 && string.IsNullOrWhiteSpace(IndexFactory))
        {
            throw new ArgumentException("a dense retriever needs an index factory string, e.g. 'Flat' or 'HNSW32'");
        }
    }
}
