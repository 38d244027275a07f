using Harness.Core.Configuration;
using Harness.Core.Data;
using Harness.Core.Models;
using Microsoft.Extensions.AI;

namespace Harness.Retrieval.Embeddings;

/// <summary>
/// The embedders a suite can name (<c>embedder: lsa</c>, <c>minilm</c>, <c>arctic-xs</c>, a model card
/// name, or a .gguf path), by name. The first provider that handles a name makes it.
/// </summary>
public sealed class EmbedderFactory(IReadOnlyList<IEmbedderProvider> providers)
{
    /// <summary>The corpus-trained LSA embedder, the built-in sentence embedders, then the repository's model cards.</summary>
    public EmbedderFactory()
        : this([new LsaEmbedderProvider(), new SentenceEmbedderProvider(), new ModelEmbedderProvider()])
    {
    }

    public IReadOnlyList<IEmbedderProvider> Providers { get; } = providers;

    public IEmbedderProvider Resolve(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return Providers.FirstOrDefault(p => p.Handles(name))
            ?? throw new ArgumentException(Suggestions.Closest(name, Providers.SelectMany(p => p.Names)) is { } match
                ? $"unknown embedder '{name}' - did you mean '{match}'?"
                : $"unknown embedder '{name}' - use {string.Join(", ", BuiltInEmbedders.Names.Select(n => $"'{n}'"))}, the name of an embedding model card (models/*.yaml) or a .gguf path");
    }

    /// <summary>Makes an embedder for a set of chunks without caching it (corpus-trained ones train now).</summary>
    public IEmbeddingGenerator<string, Embedding<float>> Create(string name, IReadOnlyList<Passage> chunks)
    {
        var directory = Directory.CreateTempSubdirectory("harness-embedder-");
        try
        {
            return Resolve(name).Build(name, chunks, directory.FullName);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
