namespace Harness.Llama.Generation;

/// <summary>
/// One generation: a prompt (plain text, chat messages formatted by a chat template, or ready tokens),
/// sampling, limits, and the LoRA adapters to apply for this call only.
/// </summary>
public sealed record GenerationRequest
{
    /// <summary>Plain-text prompt (used when <see cref="Messages"/> and <see cref="PromptTokens"/> are null).</summary>
    public string? Prompt { get; init; }

    /// <summary>Chat messages, formatted with <see cref="ChatTemplate"/> (null: the model's own template).</summary>
    public IReadOnlyList<PromptMessage>? Messages { get; init; }

    /// <summary>A built-in template name (e.g. "chatml") or template text for <see cref="Messages"/>.</summary>
    public string? ChatTemplate { get; init; }

    /// <summary>An already tokenized prompt (benchmarks use it to control the exact length).</summary>
    public IReadOnlyList<int>? PromptTokens { get; init; }

    public int MaxTokens { get; init; } = 256;

    /// <summary>Generation stops before the first occurrence of any of these; the stop text is not returned.</summary>
    public IReadOnlyList<string> StopStrings { get; init; } = [];

    public SamplingOptions Sampling { get; init; } = SamplingOptions.Greedy;

    /// <summary>LoRA adapters applied for this request only (empty: the base model).</summary>
    public IReadOnlyList<LoraSetting> Adapters { get; init; } = [];

    /// <summary>Stop at the model's end-of-generation token (benchmarks turn this off to generate exactly <see cref="MaxTokens"/>).</summary>
    public bool StopAtEndOfGeneration { get; init; } = true;

    public static GenerationRequest FromPrompt(string prompt, int maxTokens = 256) => new() { Prompt = prompt, MaxTokens = maxTokens };
}

/// <summary>Why generation ended.</summary>
public enum FinishReason
{
    /// <summary>The model produced its end-of-generation token.</summary>
    EndOfGeneration,

    /// <summary>A stop string appeared.</summary>
    StopString,

    /// <summary><see cref="GenerationRequest.MaxTokens"/> tokens were generated.</summary>
    MaxTokens,

    /// <summary>The sequence filled its share of the context.</summary>
    ContextFull,
}

/// <summary>Where the time of one generation went.</summary>
/// <param name="PromptEvaluation">Decoding the prompt (for a parallel batch: all prompts of the batch, decoded together).</param>
/// <param name="TimeToFirstToken">From the start of the call to the first generated token.</param>
/// <param name="Generation">From the first generated token to the last.</param>
/// <param name="DecodedTokens">Generated tokens that were decoded in <paramref name="Generation"/> (all but the last).</param>
public sealed record GenerationTimings(TimeSpan PromptEvaluation, TimeSpan TimeToFirstToken, TimeSpan Generation, int DecodedTokens)
{
    /// <summary>Generation speed: tokens decoded per second after the first token (0 when none were).</summary>
    public double TokensPerSecond => Generation > TimeSpan.Zero ? DecodedTokens / Generation.TotalSeconds : 0;
}

/// <summary>The text and counts of one generation.</summary>
public sealed record GenerationResult(
    string Text,
    int PromptTokens,
    int GeneratedTokens,
    FinishReason FinishReason,
    GenerationTimings Timings);
