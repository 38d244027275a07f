namespace Harness.Llama;

/// <summary>How a model file is loaded.</summary>
public sealed record LlamaModelOptions
{
    public static LlamaModelOptions Default { get; } = new();

    /// <summary>Layers to offload to a GPU backend (negative: all). Ignored when only the CPU backend is loaded.</summary>
    public int GpuLayers { get; init; } = -1;

    /// <summary>When set, the file's sha256 (lower-case hex) must match before llama.cpp sees it.</summary>
    public string? ExpectedSha256 { get; init; }
}
