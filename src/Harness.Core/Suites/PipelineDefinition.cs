namespace Harness.Core.Suites;

/// <summary>
/// One pipeline of a suite, with its effective settings: the suite's generation settings, prompt and
/// generator already applied where the pipeline does not override them.
/// </summary>
public sealed record PipelineDefinition
{
    public required string Name { get; init; }
    public required PipelineKind Kind { get; init; }
    /// <summary>The generator model card (the pipeline's <c>model:</c>, e.g. a fine-tuned GGUF, else the suite's generator); with <see cref="Training"/>, the base that is fine-tuned.</summary>
    public string? Model { get; init; }
    /// <summary>Fine-tuning of <see cref="Model"/> done by the harness before the cases run (fine-tuned and hybrid kinds), or null.</summary>
    public TrainingDefinition? Training { get; init; }
    /// <summary>LoRA adapters (model cards) applied to the generator, with their scales.</summary>
    public IReadOnlyList<AdapterDefinition> Adapters { get; init; } = [];
    /// <summary>How passages are retrieved (rag, hybrid, extractive; optional for remote).</summary>
    public RetrieverDefinition? Retriever { get; init; }
    /// <summary>The prompt; null for the pipeline kind's built-in template.</summary>
    public PromptTemplate? Prompt { get; init; }
    public GenerationDefinition Generation { get; init; } = new();
    /// <summary>An OpenAI-compatible server that generates instead of a local model (kind remote).</summary>
    public RemoteDefinition? Remote { get; init; }
}

/// <summary>A LoRA adapter card and the scale it is applied with.</summary>
public sealed record AdapterDefinition(string Name, float Scale = 1.0f);

/// <summary>Generation settings; greedy (temperature 0) unless a suite says otherwise.</summary>
public sealed record GenerationDefinition
{
    public int MaxTokens { get; init; } = 64;
    public double Temperature { get; init; }
    public int Seed { get; init; }
}

/// <summary>
/// An OpenAI-compatible endpoint; the key is read from an environment variable, never from the suite.
/// Each request may take <see cref="TimeoutSeconds"/> and is tried again <see cref="Retries"/> times; up to
/// <see cref="Concurrency"/> requests are in flight at once.
/// </summary>
public sealed record RemoteDefinition(string BaseUrl, string Model, string? ApiKeyEnv)
{
    public const double DefaultTimeoutSeconds = 60;
    public const int DefaultRetries = 2;

    public double TimeoutSeconds { get; init; } = DefaultTimeoutSeconds;

    public int Retries { get; init; } = DefaultRetries;

    /// <summary>Requests in flight at once (the cases the run hands the pipeline together); null: the run's --parallel.</summary>
    public int? Concurrency { get; init; }
}
