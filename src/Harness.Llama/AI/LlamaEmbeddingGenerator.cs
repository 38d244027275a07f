using Harness.Llama.Embeddings;
using Microsoft.Extensions.AI;

namespace Harness.Llama.AI;

/// <summary><see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> over a <see cref="LlamaEmbedder"/> (unit-length mean-pooled vectors).</summary>
public sealed class LlamaEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly LlamaEmbedder _embedder;
    private readonly EmbeddingGeneratorMetadata _metadata;

    public LlamaEmbeddingGenerator(LlamaEmbedder embedder, string? modelId = null)
    {
        ArgumentNullException.ThrowIfNull(embedder);
        _embedder = embedder;
        _metadata = new EmbeddingGeneratorMetadata(
            "llama.cpp", null, modelId ?? Path.GetFileNameWithoutExtension(embedder.Model.Info.Path), embedder.Dimension);
    }

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var texts = values.ToList();
        // Decoding is CPU-bound and blocking; keep it off the caller's thread.
        return Task.Run(() =>
        {
            var embeddings = new GeneratedEmbeddings<Embedding<float>>(texts.Count);
            long tokens = 0;
            foreach (var text in texts)
            {
                cancellationToken.ThrowIfCancellationRequested();
                embeddings.Add(new Embedding<float>(_embedder.Embed(text, out var count)) { ModelId = _metadata.DefaultModelId, CreatedAt = DateTimeOffset.UtcNow });
                tokens += count;
            }
            embeddings.Usage = new UsageDetails { InputTokenCount = tokens, TotalTokenCount = tokens };
            return embeddings;
        }, cancellationToken);
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata
            : serviceType.IsInstanceOfType(_embedder) ? _embedder
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <summary>The embedder belongs to the caller; nothing to release here.</summary>
    public void Dispose()
    {
    }
}
