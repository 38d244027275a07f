namespace Harness.Pipelines.Generation;

/// <summary>
/// Turns prompts into text. Prompts come in batches so a local model can decode them as parallel
/// sequences of one context; results are in prompt order. <see cref="Identity"/> names everything the
/// output depends on besides prompt and settings (model and adapter hashes, native build): it keys the cache.
/// </summary>
public interface ITextGenerator : IAsyncDisposable
{
    GeneratorIdentity Identity { get; }

    /// <summary>The most prompt + answer tokens the model accepts, or null when unknown (remote servers).</summary>
    int? ContextLength { get; }

    int CountTokens(string text);

    /// <summary>
    /// The text the model is given for a filled prompt: through the model's chat template when the
    /// pipeline asks for it (local models), or unchanged (remote servers apply their own).
    /// </summary>
    string FormatPrompt(string prompt);

    /// <summary>Prompts this generator wants per batch to keep itself busy (a remote client's concurrency), or 0 for the run's batch size.</summary>
    int PreferredBatchSize => 0;

    Task<IReadOnlyList<GeneratedText>> GenerateAsync(IReadOnlyList<string> prompts, GenerationSettings settings, CancellationToken cancellationToken);
}
