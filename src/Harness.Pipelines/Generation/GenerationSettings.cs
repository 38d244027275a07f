using System.Globalization;
using Microsoft.Extensions.AI;

namespace Harness.Pipelines.Generation;

/// <summary>Sampling settings of a pipeline's generator (temperature 0 = greedy, deterministic).</summary>
public sealed record GenerationSettings(int MaxTokens, float Temperature, int Seed)
{
    public float TopP { get; init; } = 1f;
    public int TopK { get; init; }
    public IReadOnlyList<string> StopStrings { get; init; } = [];

    /// <summary>A canonical text of every setting that changes the output, for the generation cache key.</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"temperature={Temperature:R};top_p={TopP:R};top_k={TopK};stop={string.Join('\u001f', StopStrings)}");

    /// <summary>The chat options of a request with these settings (top-k 0, "no limit", and no stop strings are left unset).</summary>
    public ChatOptions ToChatOptions() => new()
    {
        Temperature = Temperature,
        MaxOutputTokens = MaxTokens,
        Seed = Seed,
        TopP = TopP,
        TopK = TopK > 0 ? TopK : null,
        StopSequences = StopStrings.Count > 0 ? [.. StopStrings] : null,
    };

    /// <summary>The settings a request's chat options stand for: the inverse of <see cref="ToChatOptions"/>, unset values at their defaults.</summary>
    public static GenerationSettings From(ChatOptions? options) =>
        new(options?.MaxOutputTokens ?? 0, options?.Temperature ?? 0f, (int)(options?.Seed ?? 0))
        {
            TopP = options?.TopP ?? 1f,
            TopK = options?.TopK ?? 0,
            StopStrings = options?.StopSequences is { } stops ? [.. stops] : [],
        };
}
