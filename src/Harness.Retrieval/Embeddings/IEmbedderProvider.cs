using Harness.Core.Data;
using Microsoft.Extensions.AI;

namespace Harness.Retrieval.Embeddings;

/// <summary>
/// Makes one kind of embedder. A corpus-trained embedder (LSA) keeps what it learned in the index's
/// cache folder, so a reused index is queried with the very model that embedded its chunks.
/// </summary>
public interface IEmbedderProvider
{
    /// <summary>The names this provider knows, for did-you-mean suggestions.</summary>
    IReadOnlyList<string> Names { get; }

    /// <summary>Whether this provider makes the embedder a suite names ("lsa", a model card name).</summary>
    bool Handles(string name);

    /// <summary>
    /// True when the embedder is trained on the index's own chunks (LSA): its vectors belong to one
    /// index. False (the default) lets every index over the same chunks share one cached embedding.
    /// </summary>
    bool LearnsFromCorpus => false;

    /// <summary>Everything that changes the vectors, for the index cache key (e.g. "lsa:dim=256,seed=42").</summary>
    string Identity(string name);

    /// <summary>Makes the embedder for a new index, training it on the chunks if it learns from the corpus.</summary>
    IEmbeddingGenerator<string, Embedding<float>> Build(string name, IReadOnlyList<Passage> chunks, string stateDirectory);

    /// <summary>Makes the embedder of an index built earlier, from the state <see cref="Build"/> left.</summary>
    IEmbeddingGenerator<string, Embedding<float>> Open(string name, string stateDirectory);
}
