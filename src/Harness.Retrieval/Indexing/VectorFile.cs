using Microsoft.Extensions.AI;

namespace Harness.Retrieval.Indexing;

/// <summary>Embedding texts into one flat array of vectors, and storing such an array as raw floats.</summary>
internal static class VectorFile
{
    // Batches bound the memory a model-backed embedder needs per call.
    private const int BatchSize = 256;

    /// <summary>The vectors of <paramref name="texts"/>, row after row; throws if the embedder's answers do not fit.</summary>
    public static async Task<float[]> EmbedAsync(
        IEmbeddingGenerator<string, Embedding<float>> embedder, IReadOnlyList<string> texts, CancellationToken cancellationToken,
        EmbeddingGenerationOptions? options = null)
    {
        float[]? vectors = null;
        var dimension = 0;
        for (var first = 0; first < texts.Count; first += BatchSize)
        {
            var batch = texts.Skip(first).Take(BatchSize).ToArray();
            var embeddings = await embedder.GenerateAsync(batch, options, cancellationToken).ConfigureAwait(false);
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

    public static Task WriteAsync(string path, float[] values, CancellationToken cancellationToken)
    {
        var bytes = new byte[values.Length * sizeof(float)];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        return File.WriteAllBytesAsync(path, bytes, cancellationToken);
    }

    public static float[] Read(string path)
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
