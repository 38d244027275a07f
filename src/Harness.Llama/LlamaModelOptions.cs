namespace Harness.Llama;

/// <summary>How a model file is loaded.</summary>
public sealed record LlamaModelOptions
{
    public static LlamaModelOptions Default { get; } = new();

    /// <summary>Layers to offload to a GPU backend (negative: all). Ignored when only the CPU backend is loaded.</summary>
    public int GpuLayers { get; init; } = -1;

    /// <summary>When set, the file's sha256 (lower-case hex) must match before llama.cpp sees it.</summary>
    public string? ExpectedSha256 { get; init; }

    /// <summary>
    /// How the file's sha256 is found for the <see cref="ExpectedSha256"/> check; null hashes every byte. The harness
    /// passes its stamped hash (Harness.Core's <c>Hashing.OfStampedFile</c>), which reads the file again only when its
    /// size or modification time changed since it was last hashed, so a multi-GB model is not re-read on every load.
    /// </summary>
    public Func<string, string>? Sha256Of { get; init; }
}
