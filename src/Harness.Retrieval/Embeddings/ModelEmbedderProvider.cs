using Harness.Core;
using Harness.Core.Data;
using Harness.Core.Models;
using Harness.Llama;
using Harness.Llama.AI;
using Harness.Llama.Embeddings;
using Microsoft.Extensions.AI;

namespace Harness.Retrieval.Embeddings;

/// <summary>
/// A GGUF embedding model named by its model card (models/*.yaml) or given as a .gguf path, run
/// through Harness.Llama (mean-pooled, unit-length vectors). The model file's sha256 is part of the
/// index cache key, so replacing the model rebuilds the index.
/// </summary>
public sealed class ModelEmbedderProvider(ModelCatalog? catalog = null, int threads = 0) : IEmbedderProvider
{
    private readonly Lazy<ModelCatalog> _catalog = new(() => catalog ?? new ModelCatalog());

    public IReadOnlyList<string> Names => [.. _catalog.Value.Cards.Where(c => c.Roles.Contains("embedder")).Select(c => c.Name)];

    public bool Handles(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.EndsWith(".gguf", StringComparison.OrdinalIgnoreCase) || _catalog.Value.Find(name) is not null;
    }

    public string Identity(string name)
    {
        var model = _catalog.Value.Resolve(name);
        return $"model:{model.Name}:sha256={model.Sha256 ?? Hashing.OfFile(model.Path)}";
    }

    // A model embeds any text as it is: there is nothing to train or to keep beside the index.
    public IEmbeddingGenerator<string, Embedding<float>> Build(string name, IReadOnlyList<Passage> chunks, string stateDirectory) =>
        Open(name, stateDirectory);

    public IEmbeddingGenerator<string, Embedding<float>> Open(string name, string stateDirectory)
    {
        var resolved = _catalog.Value.Resolve(name);
        var model = LlamaModel.Load(resolved.Path, new LlamaModelOptions { ExpectedSha256 = resolved.Sha256, Sha256Of = Hashing.OfStampedFile });
        try
        {
            var embedder = new LlamaEmbedder(model, threads: threads);
            return new OwningEmbeddingGenerator(new LlamaEmbeddingGenerator(embedder, resolved.Name), embedder, model);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>Disposes the embedding context and the model with the generator (LlamaEmbeddingGenerator leaves them to its caller).</summary>
    private sealed class OwningEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> inner, LlamaEmbedder embedder, LlamaModel model)
        : DelegatingEmbeddingGenerator<string, Embedding<float>>(inner)
    {
        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                embedder.Dispose();
                model.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
