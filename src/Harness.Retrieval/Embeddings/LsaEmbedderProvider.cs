using System.Globalization;
using Harness.Core.Data;
using Harness.Core.Models;
using Microsoft.Extensions.AI;

namespace Harness.Retrieval.Embeddings;

/// <summary>The "lsa" embedder: trained on the index's own chunks, saved beside the index.</summary>
public sealed class LsaEmbedderProvider(LsaOptions options) : IEmbedderProvider
{
    public static string Name => BuiltInEmbedders.Lsa.Name;

    private const string ModelFile = "lsa.bin";

    // Part of the cache key: bump when training or embedding changes the vectors, so indexes of the old model are rebuilt
    // (4: vectors normalised with a fixed-order norm).
    private const int TrainingVersion = 4;

    public LsaEmbedderProvider()
        : this(LsaOptions.Default)
    {
    }

    public IReadOnlyList<string> Names => [Name];

    public bool Handles(string name) => name == Name;

    public bool LearnsFromCorpus => true;

    public string Identity(string name) =>
        string.Create(CultureInfo.InvariantCulture, $"lsa:v{TrainingVersion}:dim={options.Dimension},seed={options.Seed},vocabulary={options.MaxVocabulary}");

    public IEmbeddingGenerator<string, Embedding<float>> Build(string name, IReadOnlyList<Passage> chunks, string stateDirectory)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        var embedder = LsaEmbedder.Fit(chunks.Select(c => c.Text).ToArray(), options);
        embedder.Save(Path.Combine(stateDirectory, ModelFile));
        return embedder;
    }

    public IEmbeddingGenerator<string, Embedding<float>> Open(string name, string stateDirectory) =>
        LsaEmbedder.Load(Path.Combine(stateDirectory, ModelFile));
}
