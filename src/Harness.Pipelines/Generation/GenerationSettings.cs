using System.Globalization;

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
}
