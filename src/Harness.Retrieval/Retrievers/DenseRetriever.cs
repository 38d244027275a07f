using Harness.Core.Data;
using Harness.Core.Numerics;
using Harness.Core.Suites;
using Harness.Core.Pipelines;
using Harness.Retrieval.Embeddings;
using Harness.Retrieval.Faiss;
using Harness.Retrieval.Indexing;
using Microsoft.Extensions.AI;

namespace Harness.Retrieval.Retrievers;

/// <summary>
/// An embedder plus a FAISS index over the chunks' embeddings. Retrieval within one document is
/// scored exactly against that document's stored vectors: its few chunks make a scan cheap, and an
/// approximate index cannot filter by document.
/// </summary>
public sealed class DenseRetriever : IRetriever
{
    public const string IndexFile = "index.faiss";
    public const string VectorsFile = "vectors.f32";

    private readonly IEmbeddingGenerator<string, Embedding<float>> _embedder;
    private readonly FaissIndex _index;
    private readonly float[] _vectors;
    private readonly IReadOnlyList<Passage> _chunks;
    private readonly Dictionary<string, int[]> _chunksByDocument;

    private DenseRetriever(string name, IEmbeddingGenerator<string, Embedding<float>> embedder, FaissIndex index, float[] vectors, IReadOnlyList<Passage> chunks)
    {
        Name = name;
        _embedder = embedder;
        _index = index;
        _vectors = vectors;
        _chunks = chunks;
        _chunksByDocument = Enumerable.Range(0, chunks.Count)
            .GroupBy(i => chunks[i].DocumentId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
    }

    public string Name { get; }

    public int Dimension => _index.Dimension;

    /// <summary>Embeds the chunks and writes the FAISS index and the raw vectors into <paramref name="directory"/>.</summary>
    public static async Task BuildAsync(
        string directory, IReadOnlyList<Passage> chunks, IEmbeddingGenerator<string, Embedding<float>> embedder,
        RetrieverDefinition options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        ArgumentNullException.ThrowIfNull(embedder);
        if (chunks.Count == 0)
        {
            throw new ArgumentException("there are no chunks to index");
        }
        var vectors = await VectorFile.EmbedAsync(embedder, chunks.Select(c => c.Text).ToArray(), cancellationToken).ConfigureAwait(false);
        await BuildAsync(directory, vectors, chunks.Count, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes the FAISS index over vectors embedded earlier (one row per chunk) and the vectors themselves.</summary>
    public static async Task BuildAsync(string directory, float[] vectors, int chunkCount, RetrieverDefinition options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        ArgumentNullException.ThrowIfNull(options);
        if (chunkCount == 0 || vectors.Length % chunkCount != 0)
        {
            throw new ArgumentException($"{vectors.Length} floats are not one vector per chunk for {chunkCount} chunks");
        }
        var dimension = vectors.Length / chunkCount;
        using (var index = FaissIndex.Create(options.Index, dimension, FaissMetrics.From(options.Metric)))
        {
            if (!index.IsTrained)
            {
                index.Train(vectors);
            }
            index.Add(vectors);
            index.Write(Path.Combine(directory, IndexFile));
        }
        await VectorFile.WriteAsync(Path.Combine(directory, VectorsFile), vectors, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Opens what BuildAsync wrote; throws if the files do not hold one vector per chunk.</summary>
    public static DenseRetriever Open(
        string directory, IReadOnlyList<Passage> chunks, IEmbeddingGenerator<string, Embedding<float>> embedder, RetrieverDefinition options, string name)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        ArgumentNullException.ThrowIfNull(options);
        var index = FaissIndex.Read(Path.Combine(directory, IndexFile));
        try
        {
            var vectors = VectorFile.Read(Path.Combine(directory, VectorsFile));
            if (index.Count != chunks.Count || vectors.Length != (long)chunks.Count * index.Dimension)
            {
                throw new InvalidDataException(
                    $"the dense index holds {index.Count} vectors ({vectors.Length} floats stored), expected {chunks.Count} of dimension {index.Dimension}");
            }
            if (index.Metric != FaissMetrics.From(options.Metric))
            {
                throw new InvalidDataException($"the dense index ranks by {index.Metric}, expected {options.Metric}");
            }
            if (options.SearchParameters is { Length: > 0 } parameters)
            {
                index.SetParameters(parameters);
            }
            return new DenseRetriever(name, embedder, index, vectors, chunks);
        }
        catch
        {
            index.Dispose();
            throw;
        }
    }

    public async ValueTask<IReadOnlyList<RetrievedPassage>> RetrieveAsync(string query, int topK, string? documentId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(topK, 1);
        var vector = await VectorFile.EmbedAsync(_embedder, [query], cancellationToken, EmbeddingPurpose.QueryOptions).ConfigureAwait(false);
        if (vector.Length != Dimension)
        {
            throw new InvalidOperationException($"the embedder returned {vector.Length} dimensions, the index has {Dimension}");
        }
        return documentId is null ? SearchIndex(vector, topK) : ScanDocument(vector, topK, documentId);
    }

    public void Dispose()
    {
        _index.Dispose();
        _embedder.Dispose();
    }

    private List<RetrievedPassage> SearchIndex(float[] query, int topK)
    {
        var result = _index.Search(query, Math.Min(topK, _chunks.Count));
        var passages = new List<RetrievedPassage>(result.K);
        for (var j = 0; j < result.K && result.Labels[j] >= 0; j++)
        {
            passages.Add(new RetrievedPassage(_chunks[(int)result.Labels[j]], Score(result.Distances[j]), passages.Count + 1));
        }
        return passages;
    }

    private List<RetrievedPassage> ScanDocument(float[] query, int topK, string documentId)
    {
        if (!_chunksByDocument.TryGetValue(documentId, out var members))
        {
            return [];
        }
        var dimension = Dimension;
        return members
            .Select(i =>
            {
                var vector = _vectors.AsSpan(i * dimension, dimension);
                // Fixed-order sums: which chunk ranks first must not depend on the CPU's vector width.
                return (Chunk: i, Score: Score(_index.Metric == FaissMetric.L2 ? FixedOrder.SquaredDistance(query, vector) : FixedOrder.Dot(query, vector)));
            })
            .OrderByDescending(c => c.Score)
            .ThenBy(c => c.Chunk)
            .Take(topK)
            .Select((c, rank) => new RetrievedPassage(_chunks[c.Chunk], c.Score, rank + 1))
            .ToList();
    }

    // FAISS's L2 distance is squared and lower-is-better; negate it so every retriever's score is higher-is-better.
    private double Score(double distance) => _index.Metric == FaissMetric.L2 ? -distance : distance;
}
