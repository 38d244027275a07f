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

    /// <summary>Every impossible setting, the chunk's among them ("chunk.overlap"); empty when the retriever can be built.</summary>
    public IReadOnlyList<SettingProblem> Problems()
    {
        var problems = new List<SettingProblem>();
        problems.AddRange((Chunk?.Problems() ?? []).Select(p => p with { Setting = "chunk." + p.Setting }));
        if (TopK < 1)
        {
            problems.Add(new("top_k", string.Create(CultureInfo.InvariantCulture, $"'top_k' must be at least 1, got {TopK}")));
        }
        if (RrfK < 0)
        {
            problems.Add(new("rrf_k", string.Create(CultureInfo.InvariantCulture, $"'rrf_k' must be at least 0, got {RrfK}")));
        }
        if (FusionDepth < 1)
        {
            problems.Add(new("fusion_depth", string.Create(CultureInfo.InvariantCulture, $"'fusion_depth' must be at least 1, got {FusionDepth}")));
        }
        if (Kind != RetrieverKind.Bm25 && string.IsNullOrWhiteSpace(Index))
        {
            problems.Add(new("index", "a dense retriever needs 'index', a FAISS factory string, e.g. 'Flat' or 'HNSW32'"));
        }
        return problems;
    }

    /// <summary>Throws an <see cref="ArgumentException"/> naming every impossible setting (<see cref="Problems"/>).</summary>
    public void Validate() => SettingProblem.ThrowIfAny(Problems());
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

    /// <summary>Every setting that cannot chunk anything, keyed by "words" or "tokens" and "overlap"; empty when it can chunk.</summary>
    public IReadOnlyList<SettingProblem> Problems()
    {
        var problems = new List<SettingProblem>();
        if (Size < 1)
        {
            problems.Add(new(UnitName, string.Create(CultureInfo.InvariantCulture, $"'{UnitName}' must be at least 1, got {Size}")));
        }
        if (Overlap < 0 || (Size >= 1 && Overlap >= Size))
        {
            problems.Add(new("overlap", string.Create(CultureInfo.InvariantCulture, $"'overlap' must be at least 0 and smaller than '{UnitName}' ({Size}), got {Overlap}")));
        }
        return problems;
    }

    /// <summary>Throws an <see cref="ArgumentException"/> naming every impossible setting (<see cref="Problems"/>).</summary>
    public void Validate() => SettingProblem.ThrowIfAny(Problems());
}

/// <summary>
/// A setting of a definition that cannot work, named by its suite key ("top_k", "chunk.overlap"), so a suite
/// can point at the line and column it came from and the CLI can name its option; definitions report all of them at once.
/// </summary>
public sealed record SettingProblem(string Setting, string Message)
{
    /// <summary>One <see cref="ArgumentException"/> listing every problem, or nothing when there are none.</summary>
    public static void ThrowIfAny(IReadOnlyList<SettingProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems.Select(p => p.Message)));
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
