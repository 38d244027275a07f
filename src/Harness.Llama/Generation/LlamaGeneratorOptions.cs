namespace Harness.Llama.Generation;

/// <summary>Sizing of a <see cref="LlamaGenerator"/>'s context.</summary>
public sealed record LlamaGeneratorOptions
{
    /// <summary>KV cache tokens per sequence: prompt plus generated text must fit (0: the model's training context).</summary>
    public int ContextSize { get; init; } = 2048;

    /// <summary>Most prompt tokens decoded in one llama_decode call.</summary>
    public int BatchSize { get; init; } = 512;

    /// <summary>Requests decoded side by side as sequences of the one context.</summary>
    public int MaxParallelSequences { get; init; } = 8;

    /// <summary>Decoding threads (0: all cores).</summary>
    public int Threads { get; init; }

    /// <summary>Prompt-batch threads (0: same as <see cref="Threads"/>).</summary>
    public int BatchThreads { get; init; }
}
