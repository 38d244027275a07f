namespace Harness.Retrieval.Chunking;

/// <summary>
/// Counts the tokens of a piece of text for chunking. The default counts words; a generator's own
/// tokenizer plugs in through <see cref="DelegateTokenCounter"/> so chunks fit its context exactly.
/// </summary>
public interface ITokenCounter
{
    /// <summary>Identifies the tokenizer in index cache keys ("word", or a model card name).</summary>
    string Name { get; }

    int Count(string text);
}
