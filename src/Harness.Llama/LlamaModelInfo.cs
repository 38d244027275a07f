namespace Harness.Llama;

/// <summary>What a loaded model is: read from its GGUF metadata and from llama.cpp.</summary>
public sealed record LlamaModelInfo
{
    public required string Path { get; init; }

    public required string Architecture { get; init; }

    public string? Name { get; init; }

    /// <summary>llama.cpp's one-line description, e.g. "llama ?B all F32".</summary>
    public required string Description { get; init; }

    public required long ParameterCount { get; init; }

    public required long SizeBytes { get; init; }

    public required int ContextLength { get; init; }

    public required int VocabularySize { get; init; }

    public required int EmbeddingSize { get; init; }

    public required int LayerCount { get; init; }

    /// <summary>The quantisation, e.g. "all F32" or "Q4_K - Medium".</summary>
    public required string FileType { get; init; }

    public required uint GgufVersion { get; init; }

    /// <summary>The Jinja chat template in the file's metadata, or null when it has none.</summary>
    public string? ChatTemplate { get; init; }
}
