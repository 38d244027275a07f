using Microsoft.Extensions.AI;

namespace Harness.Retrieval.Embeddings;

/// <summary>
/// Marks an embedding request as a search query rather than a passage. Asymmetric models (arctic-embed)
/// embed queries with an instruction prefix; symmetric ones (MiniLM, LSA, GGUF) ignore the mark.
/// </summary>
public static class EmbeddingPurpose
{
    public const string Key = "harness.purpose";
    public const string Query = "query";

    /// <summary>Options for embedding search queries.</summary>
    public static EmbeddingGenerationOptions QueryOptions { get; } = new()
    {
        AdditionalProperties = new AdditionalPropertiesDictionary { [Key] = Query },
    };

    public static bool IsQuery(EmbeddingGenerationOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(Key, out var purpose) == true && purpose is Query;
}
