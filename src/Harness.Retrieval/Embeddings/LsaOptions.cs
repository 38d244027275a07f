namespace Harness.Retrieval.Embeddings;

/// <summary>Settings of the corpus-trained LSA embedder; the same corpus and settings give the same vectors.</summary>
public sealed record LsaOptions
{
    public static readonly LsaOptions Default = new();

    /// <summary>Requested dimension; a corpus with fewer chunks or terms gets that many instead.</summary>
    public int Dimension { get; init; } = 256;

    public int Seed { get; init; } = 42;

    /// <summary>The most frequent terms (by document frequency) kept as the vocabulary.</summary>
    public int MaxVocabulary { get; init; } = 20_000;
}
