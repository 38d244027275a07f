namespace Harness.Llama.Generation;

/// <summary>
/// Token sampling. Temperature 0 (the default) is greedy and deterministic; otherwise the chain is
/// grammar → top-k → top-p → min-p → temperature → seeded random draw, llama.cpp's usual order.
/// </summary>
public sealed record SamplingOptions
{
    public static SamplingOptions Greedy { get; } = new();

    public float Temperature { get; init; }

    /// <summary>Keep the k most likely tokens (0: off).</summary>
    public int TopK { get; init; }

    /// <summary>Keep the smallest set with this much probability mass (1: off).</summary>
    public float TopP { get; init; } = 1f;

    /// <summary>Drop tokens below this fraction of the best token's probability (0: off).</summary>
    public float MinP { get; init; }

    /// <summary>Seed of the random draw; the same seed and settings give the same text.</summary>
    public uint Seed { get; init; } = 42;

    /// <summary>A GBNF grammar the output must follow (null: none).</summary>
    public string? Grammar { get; init; }

    public string GrammarRoot { get; init; } = "root";

    internal bool IsGreedy => Temperature <= 0f;
}
