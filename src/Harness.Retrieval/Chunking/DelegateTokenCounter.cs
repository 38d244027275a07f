namespace Harness.Retrieval.Chunking;

/// <summary>A tokenizer given as a function, e.g. a llama.cpp model's token count.</summary>
public sealed class DelegateTokenCounter(string name, Func<string, int> count) : ITokenCounter
{
    public string Name { get; } = name;

    public int Count(string text) => count(text);
}
