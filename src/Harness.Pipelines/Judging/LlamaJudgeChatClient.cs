using System.Text.RegularExpressions;
using Harness.Llama;
using Harness.Core.Models;
using Harness.Llama.Generation;
using Microsoft.Extensions.AI;

namespace Harness.Pipelines.Judging;

/// <summary>
/// The local judge: an <see cref="IChatClient"/> over a <see cref="LlamaModel"/> that answers a
/// constrained choice in one forward pass. The grammar in <c>AdditionalProperties["grammar"]</c> must
/// list literal alternatives (<c>root ::= "yes" | "no"</c>); the prompt (the model's chat template, or
/// the messages' texts joined by line breaks for a model without one) is evaluated once, and the
/// next-token distribution restricted to tokens the grammar allows gives each alternative's
/// probability: the mass of the tokens that start it (exact when no two alternatives share a first
/// character, as yes/no). The reply is the likelier alternative, and the first-token
/// log-probabilities ride along in <c>AdditionalProperties["answer_logprobs"]</c>. Harness.Llama's
/// <c>LlamaChatClient</c> samples text and returns no logits, hence this client; it uses only the
/// public model and context API (tokenize, decode, logits).
/// </summary>
public sealed partial class LlamaJudgeChatClient : IChatClient
{
    private readonly LlamaModel _model;
    private readonly LlamaContext _context;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, (int Token, string Text)[]> _candidates = new(StringComparer.Ordinal);
    private readonly ChatClientMetadata _metadata;

    public LlamaJudgeChatClient(LlamaModel model, string modelId, int threads, int contextSize = 2048)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
        _context = model.CreateContext(new LlamaContextOptions { ContextSize = Math.Min(contextSize, model.Info.ContextLength), Threads = threads });
        _metadata = new ChatClientMetadata("llama.cpp-judge", null, modelId);
    }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var alternatives = Alternatives(options);
        var tokens = _model.Tokenize(PromptOf(messages), addSpecial: true, parseSpecial: true);
        if (tokens.Length >= _context.ContextSizePerSequence)
        {
            throw new InvalidOperationException($"the judge prompt has {tokens.Length} tokens, more than the judge's context of {_context.ContextSizePerSequence}");
        }
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var logits = Evaluate(tokens);
            var candidates = Candidates(alternatives);
            var normaliser = Logits.LogSumExp(logits);
            var byText = candidates
                .GroupBy(c => c.Text, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => Math.Log(g.Sum(c => Math.Exp(logits[c.Token] - normaliser))), StringComparer.Ordinal);
            var reply = alternatives
                .MaxBy(alternative => byText.Where(t => alternative.StartsWith(t.Key, StringComparison.Ordinal)).Sum(t => Math.Exp(t.Value)))!;
            return new ChatResponse(new ChatMessage(ChatRole.Assistant, reply))
            {
                ModelId = _metadata.DefaultModelId,
                FinishReason = ChatFinishReason.Stop,
                AdditionalProperties = new() { [JudgeChatProperties.AnswerLogProbabilities] = (IReadOnlyDictionary<string, double>)byText },
            };
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The text the judge evaluates: the messages through the model's chat template, or their texts one a line for a model without one.</summary>
    internal string PromptOf(IEnumerable<ChatMessage> messages) =>
        _model.Info.ChatTemplate is not null
            ? _model.ApplyChatTemplate([.. messages.Select(m => new PromptMessage(m.Role.Value, m.Text))])
            : string.Join("\n", messages.Select(m => m.Text)) + "\n";

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("the judge answers a constrained choice at once; it does not stream");

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(ChatClientMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <summary>Frees the context; the model belongs to the caller.</summary>
    public void Dispose()
    {
        _context.Dispose();
        _gate.Dispose();
    }

    private float[] Evaluate(int[] tokens)
    {
        _context.ClearMemory();
        var last = -1;
        for (var start = 0; start < tokens.Length; start += _context.BatchCapacity)
        {
            _context.ClearBatch();
            var end = Math.Min(tokens.Length, start + _context.BatchCapacity);
            for (var i = start; i < end; i++)
            {
                last = _context.AddToBatch(tokens[i], i, 0, outputLogits: i == tokens.Length - 1);
            }
            _context.Decode();
        }
        return _context.GetLogits(last).ToArray();
    }

    /// <summary>Every vocabulary token whose text is a non-empty prefix of an alternative: what the grammar lets the first step choose.</summary>
    private (int Token, string Text)[] Candidates(IReadOnlyList<string> alternatives)
    {
        var key = string.Join('\u241E', alternatives);
        if (_candidates.TryGetValue(key, out var cached))
        {
            return cached;
        }
        var candidates = new List<(int, string)>();
        for (var token = 0; token < _model.Info.VocabularySize; token++)
        {
            var text = _model.Detokenize([token]);
            if (text.Length > 0 && alternatives.Any(a => a.StartsWith(text, StringComparison.Ordinal)))
            {
                candidates.Add((token, text));
            }
        }
        return _candidates[key] = [.. candidates];
    }

    private static IReadOnlyList<string> Alternatives(ChatOptions? options)
    {
        var grammar = options?.AdditionalProperties?.TryGetValue("grammar", out var value) == true ? value as string : null;
        var match = grammar is null ? null : LiteralChoice().Match(grammar);
        if (match is not { Success: true })
        {
            throw new NotSupportedException(
                "the local judge answers a choice between literals: pass a grammar like 'root ::= \"yes\" | \"no\"' in ChatOptions.AdditionalProperties[\"grammar\"]");
        }
        return [.. match.Groups["literal"].Captures.Select(c => c.Value)];
    }

    [GeneratedRegex("""^\s*root\s*::=\s*"(?<literal>[^"\\]+)"(?:\s*\|\s*"(?<literal>[^"\\]+)")+\s*$""")]
    private static partial Regex LiteralChoice();
}
