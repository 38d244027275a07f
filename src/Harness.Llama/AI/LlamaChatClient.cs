using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Harness.Llama.Generation;
using Microsoft.Extensions.AI;

namespace Harness.Llama.AI;

/// <summary>
/// <see cref="IChatClient"/> over a <see cref="LlamaGenerator"/>. Messages are formatted with
/// <see cref="LlamaChatClientOptions.ChatTemplate"/>; ChatOptions map to sampling (temperature,
/// top-k, top-p, seed, max output tokens, stop sequences; "min_p" and "grammar" via AdditionalProperties).
/// Responses carry token counts as usage and stage timings as <see cref="ChatTimings"/>. Concurrent calls are
/// decoded together as parallel sequences (<see cref="LlamaGenerator.HoldDecoding"/> lines a batch up).
/// </summary>
public sealed class LlamaChatClient : IChatClient
{
    /// <summary>AdditionalProperties key for min-p sampling (a float).</summary>
    public const string MinPProperty = "min_p";

    /// <summary>AdditionalProperties key for a GBNF grammar (a string).</summary>
    public const string GrammarProperty = "grammar";

    private readonly LlamaGenerator _generator;
    private readonly LlamaChatClientOptions _options;
    private readonly ChatClientMetadata _metadata;

    public LlamaChatClient(LlamaGenerator generator, LlamaChatClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(generator);
        _generator = generator;
        _options = options ?? new LlamaChatClientOptions();
        _metadata = new ChatClientMetadata("llama.cpp", null, _options.ModelId ?? Path.GetFileNameWithoutExtension(generator.Model.Info.Path));
    }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var result = await _generator.GenerateAsync(CreateRequest(messages, options), cancellationToken).ConfigureAwait(false);
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, result.Text))
        {
            ModelId = _metadata.DefaultModelId,
            FinishReason = ToChatFinishReason(result.FinishReason),
            Usage = Usage(result),
            AdditionalProperties = Timings(result),
        };
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var request = CreateRequest(messages, options);
        var pieces = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var generation = _generator.GenerateAsync(request, piece => pieces.Writer.TryWrite(piece), cancellationToken);
        _ = generation.ContinueWith(t => pieces.Writer.TryComplete(t.Exception), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        var responseId = Guid.NewGuid().ToString("N");
        await foreach (var piece in pieces.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, piece) { ResponseId = responseId, ModelId = _metadata.DefaultModelId };
        }
        var result = await generation.ConfigureAwait(false);
        yield return new ChatResponseUpdate
        {
            Role = ChatRole.Assistant,
            ResponseId = responseId,
            ModelId = _metadata.DefaultModelId,
            FinishReason = ToChatFinishReason(result.FinishReason),
            Contents = [new UsageContent(Usage(result))],
            AdditionalProperties = Timings(result),
        };
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(ChatClientMetadata) ? _metadata
            : serviceType.IsInstanceOfType(_generator) ? _generator
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <summary>The generator belongs to the caller; nothing to release here.</summary>
    public void Dispose()
    {
    }

    private GenerationRequest CreateRequest(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var turns = messages.Select(m => new PromptMessage(m.Role.Value, m.Text)).ToList();
        var sampling = new SamplingOptions
        {
            Temperature = options?.Temperature ?? _options.Sampling.Temperature,
            TopK = options?.TopK ?? _options.Sampling.TopK,
            TopP = options?.TopP ?? _options.Sampling.TopP,
            MinP = ReadProperty<float?>(options, MinPProperty) ?? _options.Sampling.MinP,
            Seed = options?.Seed is { } seed ? unchecked((uint)seed) : _options.Sampling.Seed,
            Grammar = ReadProperty<string>(options, GrammarProperty) ?? _options.Sampling.Grammar,
        };
        var request = new GenerationRequest
        {
            MaxTokens = options?.MaxOutputTokens ?? _options.MaxTokens,
            StopStrings = options?.StopSequences is { Count: > 0 } stops ? [.. stops] : [],
            Sampling = sampling,
            Adapters = _options.Adapters,
        };
        return _options.ChatTemplate == LlamaChatClientOptions.PlainText
            ? request with { Prompt = string.Join("\n", turns.Select(t => t.Content)) }
            : request with { Messages = turns, ChatTemplate = _options.ChatTemplate };
    }

    private static T? ReadProperty<T>(ChatOptions? options, string key)
    {
        if (options?.AdditionalProperties is not { } properties || !properties.TryGetValue(key, out var value) || value is null)
        {
            return default;
        }
        return value is T typed ? typed : (T)Convert.ChangeType(value, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T), CultureInfo.InvariantCulture);
    }

    private static UsageDetails Usage(GenerationResult result) => new()
    {
        InputTokenCount = result.PromptTokens,
        OutputTokenCount = result.GeneratedTokens,
        TotalTokenCount = result.PromptTokens + result.GeneratedTokens,
    };

    private static AdditionalPropertiesDictionary Timings(GenerationResult result) => new()
    {
        [ChatTimings.PromptEvaluationMs] = result.Timings.PromptEvaluation.TotalMilliseconds,
        [ChatTimings.TimeToFirstTokenMs] = result.Timings.TimeToFirstToken.TotalMilliseconds,
        [ChatTimings.GenerationMs] = result.Timings.Generation.TotalMilliseconds,
        [ChatTimings.TokensPerSecond] = result.Timings.TokensPerSecond,
    };

    private static ChatFinishReason ToChatFinishReason(FinishReason reason) =>
        reason is FinishReason.MaxTokens or FinishReason.ContextFull ? ChatFinishReason.Length : ChatFinishReason.Stop;
}

/// <summary>How <see cref="LlamaChatClient"/> turns chat messages into a prompt, and its defaults.</summary>
public sealed record LlamaChatClientOptions
{
    /// <summary>The <see cref="ChatTemplate"/> value that joins message texts with newlines (for models without a template).</summary>
    public const string PlainText = "none";

    /// <summary>A built-in template name, a template text, <see cref="PlainText"/>, or null for the model's own template.</summary>
    public string? ChatTemplate { get; init; }

    public string? ModelId { get; init; }

    public int MaxTokens { get; init; } = 256;

    public SamplingOptions Sampling { get; init; } = SamplingOptions.Greedy;

    /// <summary>LoRA adapters applied to every call (a fine-tuned pipeline's client).</summary>
    public IReadOnlyList<LoraSetting> Adapters { get; init; } = [];
}
