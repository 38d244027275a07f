using System.Globalization;
using Harness.Core.Configuration;

namespace Harness.Core.Suites;

/// <summary>
/// A retriever's settings: the one model a suite's <c>retriever:</c> block and the CLI's retriever
/// options both map onto, and that Harness.Retrieval builds from. Its property initialisers are the
/// only defaults; <see cref="RetrieverNames"/> the only spelling of kinds and metrics.
/// </summary>
public sealed record RetrieverDefinition
{
    /// <summary>The embedder built into Harness.Retrieval (latent semantic analysis), which needs no model.</summary>
    public const string DefaultEmbedder = "lsa";

    public RetrieverKind Kind { get; init; } = RetrieverKind.Bm25;

    public int TopK { get; init; } = 5;

    /// <summary>Chunking of documents into passages; null retrieves the dataset's own passages.</summary>
    public ChunkDefinition? Chunk { get; init; }

    /// <summary>Dense and hybrid: "lsa", a built-in sentence model or an embedding model card; null for <see cref="DefaultEmbedder"/> (a suite fills in its own embedder).</summary>
    public string? Embedder { get; init; }

    /// <summary>Dense and hybrid: a FAISS index-factory string ("Flat", "IVF64,Flat", "HNSW32", "PQ16").</summary>
    public string Index { get; init; } = "Flat";

    /// <summary>Dense and hybrid: inner product (cosine on the normalised embeddings) or L2.</summary>
    public VectorMetric Metric { get; init; } = VectorMetric.InnerProduct;

    /// <summary>Dense and hybrid: FAISS search-time settings, e.g. "nprobe=8" or "efSearch=64"; null for FAISS's defaults.</summary>
    public string? SearchParameters { get; init; }

    /// <summary>Hybrid: the k of reciprocal-rank fusion, score = Σ 1 / (k + rank).</summary>
    public int RrfK { get; init; } = 60;

    /// <summary>Hybrid: how many candidates each part contributes to the fusion (at least top-k).</summary>
    public int FusionDepth { get; init; } = 50;

    /// <summary>The embedder dense and hybrid retrieval use.</summary>
    public string EmbedderName => Embedder ?? DefaultEmbedder;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first impossible setting.</summary>
    public void Validate()
    {
        Chunk?.Validate();
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
        if (Kind != RetrieverKind.Bm25 && string.IsNullOrWhiteSpace(Index))
        {
            throw new ArgumentException("a dense retriever needs an index factory string, e.g. 'Flat' or 'HNSW32'");
        }
    }
}

public enum RetrieverKind
{
    Bm25,
    Dense,
    /// <summary>Reciprocal-rank fusion of BM25 and dense.</summary>
    Hybrid,
}

/// <summary>The similarity dense retrieval ranks by.</summary>
public enum VectorMetric
{
    /// <summary>Inner product, higher is closer (cosine on L2-normalised vectors).</summary>
    InnerProduct,
    /// <summary>Squared Euclidean distance, lower is closer.</summary>
    L2,
}

/// <summary>What a chunk's <see cref="ChunkDefinition.Size"/> counts.</summary>
public enum ChunkUnit
{
    /// <summary>White-space separated words (<c>chunk: { words: N }</c>).</summary>
    Words,
    /// <summary>Tokens of the suite's generator model, counted with its own tokenizer (<c>chunk: { tokens: N }</c>).</summary>
    Tokens,
}

/// <summary>Windows of at most <see cref="Size"/> words or tokens, cut at sentence ends, consecutive windows sharing about <see cref="Overlap"/>.</summary>
public sealed record ChunkDefinition(ChunkUnit Unit, int Size, int Overlap)
{
    /// <summary>The CLI's chunking when none is given: 200 words, 40 of them repeated.</summary>
    public static readonly ChunkDefinition Default = new(ChunkUnit.Words, 200, 40);

    /// <summary>The YAML key and the word for the unit ("words", "tokens").</summary>
    public string UnitName => Unit == ChunkUnit.Words ? "words" : "tokens";

    /// <summary>Throws when the settings cannot chunk anything.</summary>
    public void Validate()
    {
        if (Size < 1)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"chunk {UnitName} must be at least 1 (got {Size})"));
        }
        if (Overlap < 0 || Overlap >= Size)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"chunk overlap must be between 0 and {UnitName} - 1 = {Size - 1} (got {Overlap})"));
        }
    }
}

/// <summary>The names suites and the CLI spell retriever kinds and vector metrics with; unknown names are errors.</summary>
public static class RetrieverNames
{
    public static IReadOnlyDictionary<string, RetrieverKind> Kinds { get; } = new Dictionary<string, RetrieverKind>(StringComparer.Ordinal)
    {
        ["bm25"] = RetrieverKind.Bm25,
        ["dense"] = RetrieverKind.Dense,
        ["hybrid"] = RetrieverKind.Hybrid,
    };

    public static IReadOnlyDictionary<string, VectorMetric> Metrics { get; } = new Dictionary<string, VectorMetric>(StringComparer.Ordinal)
    {
        ["ip"] = VectorMetric.InnerProduct,
        ["l2"] = VectorMetric.L2,
    };

    public static string Name(RetrieverKind kind) => Kinds.First(k => k.Value == kind).Key;

    public static string Name(VectorMetric metric) => Metrics.First(m => m.Value == metric).Key;

    /// <summary>The kind a name spells; an <see cref="ArgumentException"/> with a did-you-mean otherwise.</summary>
    public static RetrieverKind Kind(string name) =>
        Kinds.TryGetValue(name, out var kind) ? kind : throw new ArgumentException(UnknownKind(name));

    /// <summary>What a suite and the CLI say about a retriever kind name they do not know.</summary>
    public static string UnknownKind(string name) => $"unknown retriever kind '{name}'{Suggestions.Hint(name, Kinds.Keys)}";

    /// <summary>The metric a name spells; an <see cref="ArgumentException"/> with a did-you-mean otherwise.</summary>
    public static VectorMetric Metric(string name) =>
        Metrics.TryGetValue(name, out var metric) ? metric : throw new ArgumentException($"unknown vector metric '{name}'{Suggestions.Hint(name, Metrics.Keys)}");
}
