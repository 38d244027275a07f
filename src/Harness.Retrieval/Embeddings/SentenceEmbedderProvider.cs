using Harness.Core.Data;
using Microsoft.Extensions.AI;

namespace Harness.Retrieval.Embeddings;

/// <summary>
/// The built-in neural embedders, by name: <c>minilm</c> (all-MiniLM-L6-v2) and <c>arctic-xs</c>
/// (snowflake-arctic-embed-xs), 384-dimensional, unit length, from the SentenceTransformers NuGet
/// packages. Nothing is trained or kept beside the index.
/// </summary>
public sealed class SentenceEmbedderProvider : IEmbedderProvider
{
    public IReadOnlyList<string> Names => [.. SentenceModel.All.Select(m => m.Name)];

    public bool Handles(string name) => Find(name) is not null;

    public string Identity(string name) => Model(name).Identity;

    public IEmbeddingGenerator<string, Embedding<float>> Build(string name, IReadOnlyList<Passage> chunks, string stateDirectory) =>
        Open(name, stateDirectory);

    public IEmbeddingGenerator<string, Embedding<float>> Open(string name, string stateDirectory) => new SentenceEmbeddingGenerator(Model(name));

    public static SentenceModel? Find(string name) => SentenceModel.All.FirstOrDefault(m => m.Name == name);

    private static SentenceModel Model(string name) =>
        Find(name) ?? throw new ArgumentException($"'{name}' is not a built-in sentence embedder ({string.Join(", ", SentenceModel.All.Select(m => m.Name))})");
}
