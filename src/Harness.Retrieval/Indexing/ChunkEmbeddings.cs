using System.Text.Json;
using Harness.Core;
using Harness.Core.Data;
using Harness.Retrieval.Embeddings;
using Microsoft.Extensions.AI;

namespace Harness.Retrieval.Indexing;

/// <summary>
/// The vectors of a corpus's chunks under one embedder, cached in the index cache (key: corpus,
/// chunking, embedder identity), so Flat, IVF, HNSW and hybrid indexes over the same chunks embed
/// them once. Beside the vectors, what embedding cost and how many chunks the model's window cut.
/// </summary>
public sealed record ChunkEmbeddings(float[] Vectors, int Dimension, EmbeddingStats Stats)
{
    public const string VectorsFile = "vectors.f32";
    public const string StatsFile = "embedding.json";

    /// <summary>Embeds the chunks in batches and writes the vectors and stats into <paramref name="directory"/>.</summary>
    public static async Task WriteAsync(
        string directory, IReadOnlyList<Passage> chunks, IEmbeddingGenerator<string, Embedding<float>> embedder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        ArgumentNullException.ThrowIfNull(embedder);
        var started = TimeProvider.System.GetTimestamp();
        var vectors = await VectorFile.EmbedAsync(embedder, [.. chunks.Select(c => c.Text)], cancellationToken).ConfigureAwait(false);
        var seconds = TimeProvider.System.GetElapsedTime(started).TotalSeconds;
        var window = EmbeddingWindow.Of(embedder);
        var stats = new EmbeddingStats(chunks.Count, window?.Truncated ?? 0, window?.Tokens, seconds);
        await VectorFile.WriteAsync(Path.Combine(directory, VectorsFile), vectors, cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(directory, StatsFile), JsonSerializer.Serialize(stats, HarnessJson.Indented), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads what <see cref="WriteAsync"/> wrote; throws if it does not hold one vector per chunk.</summary>
    public static ChunkEmbeddings Read(string directory, int chunkCount)
    {
        var vectors = VectorFile.Read(Path.Combine(directory, VectorsFile));
        var stats = JsonSerializer.Deserialize<EmbeddingStats>(File.ReadAllText(Path.Combine(directory, StatsFile)), HarnessJson.Indented)
            ?? throw new InvalidDataException($"{StatsFile} is empty");
        if (chunkCount == 0 || vectors.Length % chunkCount != 0 || stats.Chunks != chunkCount)
        {
            throw new InvalidDataException($"the embeddings hold {vectors.Length} floats for {stats.Chunks} chunks, expected vectors for {chunkCount} chunks");
        }
        return new ChunkEmbeddings(vectors, vectors.Length / chunkCount, stats);
    }
}

/// <summary>How a corpus's chunks were embedded.</summary>
/// <param name="Chunks">Chunks embedded.</param>
/// <param name="Truncated">Chunks longer than the model's window, cut to it.</param>
/// <param name="Window">The model's window in tokens, or null when it has none.</param>
/// <param name="Seconds">Time spent embedding.</param>
public sealed record EmbeddingStats(int Chunks, long Truncated, int? Window, double Seconds)
{
    public double ChunksPerSecond => Seconds > 0 ? Chunks / Seconds : 0;

    /// <summary>"N of M chunks truncated to 256 tokens", or null for an embedder without a window.</summary>
    public string? TruncationNote => Window is { } window ? EmbeddingWindow.Describe(Truncated, Chunks, window) : null;
}
