namespace Harness.Core.Suites;

/// <summary>What a pipeline does; the same cases run through each kind side by side. Each is declared in <see cref="PipelineKinds"/>.</summary>
public enum PipelineKind
{
    ClosedBook,
    Rag,
    FineTuned,
    Hybrid,
    Extractive,
    Remote,
}

/// <summary>Whether a pipeline kind retrieves passages.</summary>
public enum RetrieverUse
{
    /// <summary>It answers without passages: a 'retriever:' is an error.</summary>
    None,
    /// <summary>It may retrieve.</summary>
    Optional,
    /// <summary>It needs a 'retriever:'.</summary>
    Required,
}

/// <summary>
/// A pipeline kind as suites write it and validation, <c>list pipelines</c> and the report read it: its
/// name, what it does, and what it needs and forbids, so a pipeline never silently ignores a setting.
/// </summary>
/// <param name="Kind">The kind.</param>
/// <param name="Name">The name a suite uses (<c>kind: closed-book</c>).</param>
/// <param name="Description">What it does, with what it needs, as <c>list pipelines</c> shows it.</param>
public sealed record PipelineKindInfo(PipelineKind Kind, string Name, string Description)
{
    private readonly string? _title;

    /// <summary>The kind as a sentence names it ("RAG" for rag); the suite's name where prose spells it the same.</summary>
    public string Title { get => _title ?? Name; init => _title = value; }

    public RetrieverUse Retriever { get; init; }

    /// <summary>It answers with a fine-tuned model: an adapter, a fine-tuned model card or 'train:' is required, and 'train:' is allowed.</summary>
    public bool FineTuned { get; init; }

    /// <summary>It uses the base model as it is: an adapter is an error.</summary>
    public bool BaseModel { get; init; }

    /// <summary>It generates with a local model: it needs a generator (the suite's, or its own 'model:').</summary>
    public bool LocalModel { get; init; } = true;

    /// <summary>An OpenAI-compatible server generates: it needs 'remote:', which no other kind may have.</summary>
    public bool Remote { get; init; }

    /// <summary>
    /// Which side of "RAG, fine-tuning or both?" it answers: closed-book (neither, the baseline), rag, fine-tuning or both;
    /// null for kinds outside the question (extractive, remote). The report's approaches chart sets these side by side, in registry order.
    /// </summary>
    public string? Approach { get; init; }

    /// <summary>The kind to use instead when a user gives this one a retriever (closed-book: rag) or an adapter (rag: hybrid).</summary>
    public PipelineKind? WithRetrieval { get; init; }

    /// <inheritdoc cref="WithRetrieval"/>
    public PipelineKind? WithFineTuning { get; init; }

    /// <summary>It generates text (a local model or a remote server), so prompts and generation settings apply to it.</summary>
    public bool Generates => LocalModel || Remote;

    /// <summary>Its prompt must show the retrieved passages: a generating kind that always retrieves.</summary>
    public bool PromptNeedsContext => LocalModel && Retriever == RetrieverUse.Required;
}

/// <summary>The registry of pipeline kinds; a new kind is one entry here, plus its factory's line in Harness.Pipelines' <c>PipelineFactories</c> (a test checks every kind has one).</summary>
public static class PipelineKinds
{
    public static IReadOnlyList<PipelineKindInfo> All { get; } =
    [
        new(PipelineKind.ClosedBook, "closed-book", "the base model answers from its own knowledge")
        {
            BaseModel = true, Approach = "closed-book", WithRetrieval = PipelineKind.Rag, WithFineTuning = PipelineKind.FineTuned,
        },
        new(PipelineKind.Rag, "rag", "the base model answers from retrieved passages (needs retriever:)")
        {
            Title = "RAG",
            Retriever = RetrieverUse.Required, BaseModel = true, Approach = "rag", WithFineTuning = PipelineKind.Hybrid,
        },
        new(PipelineKind.FineTuned, "fine-tuned", "a fine-tuned model answers closed-book (needs adapter: or model:)")
        {
            FineTuned = true, Approach = "fine-tuning", WithRetrieval = PipelineKind.Hybrid,
        },
        new(PipelineKind.Hybrid, "hybrid", "a fine-tuned model answers from retrieved passages (needs retriever: and adapter: or model:)")
        {
            Retriever = RetrieverUse.Required, FineTuned = true, Approach = "both",
        },
        new(PipelineKind.Extractive, "extractive", "no LLM: the best-matching sentence of the retrieved passages (needs retriever:)")
        {
            Retriever = RetrieverUse.Required, BaseModel = true, LocalModel = false, WithFineTuning = PipelineKind.FineTuned,
        },
        new(PipelineKind.Remote, "remote", "an OpenAI-compatible server generates (needs remote: { base_url, model })")
        {
            Retriever = RetrieverUse.Optional, LocalModel = false, Remote = true,
        },
    ];

    public static PipelineKindInfo Of(PipelineKind kind) => All.First(k => k.Kind == kind);

    /// <summary>The kind a suite names, or null.</summary>
    public static PipelineKindInfo? Named(string name) => All.FirstOrDefault(k => k.Name == name);

    public static IEnumerable<string> Names => All.Select(k => k.Name);
}
