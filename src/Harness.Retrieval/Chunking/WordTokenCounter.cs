using System.Text.RegularExpressions;

namespace Harness.Retrieval.Chunking;

/// <summary>Counts white-space separated words: the default tokenizer, needing no model.</summary>
public sealed partial class WordTokenCounter : ITokenCounter
{
    public static readonly WordTokenCounter Instance = new();

    public string Name => "word";

    public int Count(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return WordPattern().Count(text);
    }

    [GeneratedRegex(@"\S+", RegexOptions.CultureInvariant)]
    private static partial Regex WordPattern();
}
