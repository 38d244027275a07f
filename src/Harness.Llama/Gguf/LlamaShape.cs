namespace Harness.Llama.Gguf;

/// <summary>
/// The shape of a llama model, as its GGUF metadata says it (<c>llama.&lt;key&gt;</c>, <see cref="Keys"/>): the
/// head size is <see cref="EmbeddingLength"/> / <see cref="HeadCount"/>, and <see cref="HeadCountKv"/> heads
/// share the keys and values (grouped-query attention when fewer than <see cref="HeadCount"/>).
/// </summary>
public sealed record LlamaShape(int ContextLength, int EmbeddingLength, int BlockCount, int FeedForwardLength, int HeadCount, int HeadCountKv)
{
    /// <summary>The metadata keys of a shape, after <c>llama.</c>, as a model card's <c>synthetic.llama</c> names them.</summary>
    public static IReadOnlyList<string> Keys { get; } =
        ["context_length", "embedding_length", "block_count", "feed_forward_length", "attention.head_count", "attention.head_count_kv"];

    public int HeadSize => EmbeddingLength / HeadCount;

    /// <summary>The shape from its metadata keys; a key missing, unknown or out of range throws naming it.</summary>
    public static LlamaShape FromKeys(IReadOnlyDictionary<string, int> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Keys.FirstOrDefault(k => !Keys.Contains(k, StringComparer.Ordinal)) is { } unknown)
        {
            throw new ArgumentException($"unknown llama key '{unknown}' - a shape has {string.Join(", ", Keys)}");
        }
        int Get(string key) => values.TryGetValue(key, out var value)
            ? value
            : throw new ArgumentException($"the shape has no '{key}' - a shape needs all of {string.Join(", ", Keys)}");
        var shape = new LlamaShape(Get(Keys[0]), Get(Keys[1]), Get(Keys[2]), Get(Keys[3]), Get(Keys[4]), Get(Keys[5]));
        shape.Check();
        return shape;
    }

    /// <summary>Throws when llama.cpp could not build the model: a count below 1, heads that do not divide the embedding or each other.</summary>
    public void Check()
    {
        int[] counts = [ContextLength, EmbeddingLength, BlockCount, FeedForwardLength, HeadCount, HeadCountKv];
        if (counts.Any(c => c < 1))
        {
            throw new ArgumentException($"every llama key must be 1 or more: {this}");
        }
        if (EmbeddingLength % HeadCount != 0)
        {
            throw new ArgumentException($"embedding_length {EmbeddingLength} is not a multiple of attention.head_count {HeadCount} - each head takes an equal share");
        }
        if (HeadCount % HeadCountKv != 0)
        {
            throw new ArgumentException($"attention.head_count {HeadCount} is not a multiple of attention.head_count_kv {HeadCountKv} - each key/value head serves an equal group");
        }
    }
}
