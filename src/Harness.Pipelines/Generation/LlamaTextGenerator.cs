using Harness.Llama;
using Harness.Llama.Generation;

namespace Harness.Pipelines.Generation;

/// <summary>
/// Generates with a local llama.cpp model (and LoRA adapters, when the pipeline is fine-tuned): a
/// batch of prompts is decoded as parallel sequences of one context by <see cref="LlamaGenerator"/>.
/// The generator is shared by the pipelines that use the same model, so weights load once per run.
/// </summary>
/// <param name="generator">The model's shared generator.</param>
/// <param name="adapters">LoRA adapters applied to this pipeline's batches.</param>
/// <param name="identity">What the output depends on, for the cache.</param>
/// <param name="chat">When set, prompts go through the model's chat template as a user turn after this system text ("" for none).</param>
public sealed class LlamaTextGenerator(LlamaGenerator generator, IReadOnlyList<LoraSetting> adapters, GeneratorIdentity identity, string? chat = null) : ITextGenerator
{
    public GeneratorIdentity Identity => identity;

    public int? ContextLength => generator.ContextSizePerSequence;

    public int CountTokens(string text) => generator.Model.Tokenize(text).Length;

    public string FormatPrompt(string prompt) => chat is null
        ? prompt
        : generator.Model.ApplyChatTemplate(chat.Length > 0 ? [new("system", chat), new("user", prompt)] : [new PromptMessage("user", prompt)]);

    public async Task<IReadOnlyList<GeneratedText>> GenerateAsync(
        IReadOnlyList<string> prompts, GenerationSettings settings, CancellationToken cancellationToken)
    {
        var sampling = new SamplingOptions
        {
            Temperature = settings.Temperature,
            TopK = settings.TopK,
            TopP = settings.TopP,
            Seed = unchecked((uint)settings.Seed),
        };
        var requests = prompts.Select(prompt => new GenerationRequest
        {
            Prompt = prompt,
            MaxTokens = settings.MaxTokens,
            StopStrings = settings.StopStrings,
            Sampling = sampling,
            Adapters = adapters,
        }).ToArray();
        var results = await generator.GenerateBatchAsync(requests, cancellationToken).ConfigureAwait(false);
        return [.. results.Select(r => new GeneratedText(
            r.Text, r.PromptTokens, r.GeneratedTokens, r.Timings.PromptEvaluation, r.Timings.TimeToFirstToken, r.Timings.Generation))];
    }

    /// <summary>The shared <see cref="LlamaGenerator"/> is owned by the factory that made it, not by each pipeline.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
