using Harness.Llama;

namespace Harness.Retrieval.Chunking;

/// <summary>Counts tokens with a model's own tokenizer, so chunks fit the generator's (or embedder's) context exactly.</summary>
/// <param name="name">The model card name, which identifies the tokenizer in index cache keys.</param>
/// <param name="model">The loaded model; it stays the caller's to dispose.</param>
public sealed class ModelTokenCounter(string name, LlamaModel model) : ITokenCounter
{
    public string Name { get; } = $"model:{name}";

    // Without BOS: a chunk's count must not depend on whether it starts a prompt.
    public int Count(string text) => model.Tokenize(text, addSpecial: false).Length;
}
