using System.Globalization;

namespace Harness.Retrieval.Chunking;

/// <summary>How a corpus becomes retrieval units.</summary>
public enum ChunkingMode
{
    /// <summary>Windows of at most <see cref="ChunkingOptions.Tokens"/> tokens, cut at sentence ends.</summary>
    Tokens,
    /// <summary>The dataset's own passages (paragraphs, snippets) as they are.</summary>
    Passages,
}

/// <summary>Chunking settings (a suite's <c>chunk: { tokens: 200, overlap: 40 }</c> or <c>chunk: passages</c>).</summary>
public sealed record ChunkingOptions
{
    public static readonly ChunkingOptions Default = new();

    public static readonly ChunkingOptions DatasetPassages = new() { Mode = ChunkingMode.Passages };

    public ChunkingMode Mode { get; init; } = ChunkingMode.Tokens;

    /// <summary>The most tokens a chunk holds (a longer sentence is cut at word boundaries).</summary>
    public int Tokens { get; init; } = 200;

    /// <summary>About how many tokens of whole sentences a chunk repeats from the end of the previous one.</summary>
    public int Overlap { get; init; } = 40;

    /// <summary>Throws when the settings cannot chunk anything.</summary>
    public void Validate()
    {
        if (Mode == ChunkingMode.Tokens && Tokens < 1)
        {
            throw new ArgumentException($"chunk tokens must be at least 1 (got {Tokens})");
        }
        if (Mode == ChunkingMode.Tokens && (Overlap < 0 || Overlap >= Tokens))
        {
            throw new ArgumentException($"chunk overlap must be between 0 and tokens - 1 = {Tokens - 1} (got {Overlap})");
        }
    }

    /// <summary>The settings as they enter an index cache key, with the tokenizer that counts.</summary>
    public string Describe(ITokenCounter counter)
    {
        ArgumentNullException.ThrowIfNull(counter);
        return Mode == ChunkingMode.Passages
            ? "passages"
            : string.Create(CultureInfo.InvariantCulture, $"tokens={Tokens},overlap={Overlap},tokenizer={counter.Name}");
    }
}
