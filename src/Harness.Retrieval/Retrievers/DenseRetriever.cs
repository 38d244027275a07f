using System.Numerics.Tensors;
using Harness.Core.Data;
using Harness.Core.Pipelines;
using Harness.Retrieval.Faiss;
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
        RetrieverOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        ArgumentNullException.ThrowIfNull(embedder);
        ArgumentNullException.ThrowIfNull(options);
        if (chunks.Count == 0)
        {
            throw new ArgumentException("there are no chunks to index");
        }
        var vectors = await EmbedAsync(embedder, chunks.Select(c => c.Text).ToArray(), cancellationToken).ConfigureAwait(false);
        var dimension = vectors.Length / chunks.Count;
        using var index = FaissIndex.Create(options.IndexFactory, dimension, options.Metric);
        if (!index.IsTrained)
        {
            index.Train(vectors);
        }
        index.Add(vectors);
        index.Write(Path.Combine(directory, IndexFile));
        await File.WriteAllBytesAsync(Path.Combine(directory, VectorsFile), FloatBytes(vectors), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Opens what <see cref="BuildAsync"/> wrote; throws if the files do not hold one vector per chunk.</summary>
    public static DenseRetriever Open(
        string directory, IReadOnlyList<Passage> chunks, IEmbeddingGenerator<string, Embedding<float>> embedder, RetrieverOptions options, string name)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        ArgumentNullException.ThrowIfNull(options);
        var index = FaissIndex.Read(Path.Combine(directory, IndexFile));
        try
        {
            var vectors = ReadFloats(Path.Combine(directory, VectorsFile));
            if (index.Count != chunks.Count || vectors.Length != (long)chunks.Count * index.Dimension)
            {
                throw new InvalidDataException(
                    $"the dense index holds {index.Count} vectors ({vectors.Length} floats stored), expected {chunks.Count} of dimension {index.Dimension}");
            }
            if (index.Metric != options.Metric)
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
        var vector = await EmbedAsync(_embedder, [query], cancellationToken).ConfigureAwait(false);
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
                var distance = _index.Metric == FaissMetric.L2 ? TensorPrimitives.Distance(query, vector) : TensorPrimitives.Dot(query, vector);
                return (Chunk: i, Score: Score(_index.Metric == FaissMetric.L2 ? distance * distance : distance));
            })
            .OrderByDescending(c => c.Score)
            .ThenBy(c => c.Chunk)
            .Take(topK)
            .Select((c, rank) => new RetrievedPassage(_chunks[c.Chunk], c.Score, rank + 1))
            .ToList();
    }

    // FAISS's L2 distance is squared and lower-is-better; negate it so every retriever's score is higher-is-better.
    private double Score(float distance) => _index.Metric == FaissMetric.L2 ? -distance : distance;

    // Batches bound the memory a model-backed embedder needs per call.
    private static async Task<float[]> EmbedAsync(
        IEmbeddingGenerator<string, Embedding<float>> embedder, IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        const int BatchSize = 256;
        float[]? vectors = null;
        var dimension = 0;
        for (var first = 0; first < texts.Count; first += BatchSize)
        {
            var batch = texts.Skip(first).Take(BatchSize).ToArray();
            var embeddings = await embedder.GenerateAsync(batch, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (embeddings.Count != batch.Length)
            {
                throw new InvalidOperationException($"the embedder returned {embeddings.Count} embeddings for {batch.Length} texts");
            }
            for (var i = 0; i < embeddings.Count; i++)
            {
                var vector = embeddings[i].Vector.Span;
                if (vectors is null)
                {
                    dimension = vector.Length;
                    vectors = new float[texts.Count * dimension];
                }
                if (vector.Length != dimension)
                {
                    throw new InvalidOperationException($"the embedder returned vectors of {vector.Length} and {dimension} dimensions");
                }
                vector.CopyTo(vectors.AsSpan((first + i) * dimension, dimension));
            }
        }
        return vectors ?? [];
    }

    private static byte[] FloatBytes(float[] values)
    {
        var bytes = new byte[values.Length * sizeof(float)];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        return bytes;
    }

    private static float[] ReadFloats(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length % sizeof(float) != 0)
        {
            throw new InvalidDataException($"{path} is not a whole number of floats");
        }
        var values = new float[bytes.Length / sizeof(float)];
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        return values;
    }
}
