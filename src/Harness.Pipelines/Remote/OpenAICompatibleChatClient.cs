using System.ClientModel;
using System.ClientModel.Primitives;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Harness.Core.Models;
using Harness.Core.Suites;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;
using AIChatMessage = Microsoft.Extensions.AI.ChatMessage;
using AIChatRole = Microsoft.Extensions.AI.ChatRole;
using OpenAIChatMessage = OpenAI.Chat.ChatMessage;

namespace Harness.Pipelines.Remote;

/// <summary>
/// <see cref="IChatClient"/> over the OpenAI SDK for any OpenAI-compatible endpoint (vLLM, llama.cpp
/// server, TGI). Microsoft.Extensions.AI.OpenAI would provide this adapter but the package mirror lacks it.
/// Asked for log-probabilities (<see cref="JudgeChatProperties.LogProbabilities"/>: how many
/// alternatives), it returns the first reply token's alternatives in
/// <see cref="JudgeChatProperties.AnswerLogProbabilities"/>, which the remote judge reads. A GBNF grammar
/// cannot travel through the OpenAI SDK; the judge parses the reply strictly instead.
/// </summary>
public sealed class OpenAICompatibleChatClient : IChatClient
{
    private const string ExpectedShape = "a chat completion: a JSON object with \"choices\": [{\"message\": {\"content\": \"...\"}}]";

    private readonly ChatClient _client;
    private readonly ChatClientMetadata _metadata;
    private readonly Uri _baseUrl;
    private readonly TimeSpan _timeout;
    private readonly int _retries;

    /// <summary>
    /// Each request may take <paramref name="timeout"/> (default <see cref="RemoteDefinition.DefaultTimeoutSeconds"/> s)
    /// and is tried again <paramref name="retries"/> times (default <see cref="RemoteDefinition.DefaultRetries"/>) after a
    /// timeout, a lost connection, 408, 429 or 5xx, waiting what the server's Retry-After asks (at most the timeout).
    /// </summary>
    public OpenAICompatibleChatClient(Uri baseUrl, string model, string apiKey, TimeSpan? timeout = null, int? retries = null)
    {
        _baseUrl = baseUrl;
        _timeout = timeout ?? TimeSpan.FromSeconds(RemoteDefinition.DefaultTimeoutSeconds);
        _retries = retries ?? RemoteDefinition.DefaultRetries;
        _client = new ChatClient(model, new ApiKeyCredential(apiKey), new OpenAIClientOptions
        {
            Endpoint = baseUrl,
            NetworkTimeout = _timeout,
            RetryPolicy = new BoundedRetryPolicy(_retries, _timeout),
        });
        _metadata = new ChatClientMetadata("openai-compatible", baseUrl, model);
    }

    public async Task<ChatResponse> GetResponseAsync(
        IEnumerable<AIChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ClientResult<ChatCompletion> result;
        try
        {
            result = await _client.CompleteChatAsync(ToOpenAI(messages), ToOpenAI(options), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsTimeout(e) && !cancellationToken.IsCancellationRequested)
        {
            // The SDK's network timeout surfaces as a cancellation (one per try, aggregated after retries);
            // the run was not cancelled, so it must not stop.
            throw new TimeoutException(
                string.Create(CultureInfo.InvariantCulture, $"{_baseUrl} did not answer within {_timeout.TotalSeconds:0.###} s in {_retries + 1} tries - check the server, or raise the pipeline's remote: {{ timeout_s, retries }}"),
                e);
        }
        catch (ClientResultException e) when (e.Status > 0)
        {
            // The SDK's own message carries the response headers; the case needs the status and what the server said.
            var tries = e.Status is 408 or 429 or >= 500 ? $" after {_retries + 1} tries" : "";
            throw new HttpRequestException(
                string.Create(CultureInfo.InvariantCulture, $"{_baseUrl} answered HTTP {e.Status} {e.GetRawResponse()?.ReasonPhrase}{tries}: {ServerMessage(e.GetRawResponse())}"),
                e,
                (System.Net.HttpStatusCode)e.Status);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or KeyNotFoundException)
        {
            throw new InvalidDataException($"{_baseUrl} answered with something other than {ExpectedShape} ({e.Message}) - is base_url an OpenAI-compatible /v1 endpoint?", e);
        }
        CheckShape(result.GetRawResponse().Content);
        var completion = result.Value;
        var text = string.Concat(completion.Content.Where(part => part.Kind == ChatMessageContentPartKind.Text).Select(part => part.Text));
        return new ChatResponse(new AIChatMessage(AIChatRole.Assistant, text))
        {
            AdditionalProperties = completion.ContentTokenLogProbabilities is { Count: > 0 } tokens
                ? new() { [JudgeChatProperties.AnswerLogProbabilities] = FirstTokenAlternatives(tokens[0]) }
                : null,
            ModelId = completion.Model,
            ResponseId = completion.Id,
            Usage = completion.Usage is { } usage
                ? new UsageDetails { InputTokenCount = usage.InputTokenCount, OutputTokenCount = usage.OutputTokenCount, TotalTokenCount = usage.TotalTokenCount }
                : null,
        };
    }

    /// <summary>The error message of an OpenAI-style error body ({"error": {"message": ...}}), else the body's start.</summary>
    private static string ServerMessage(PipelineResponse? response)
    {
        var raw = response?.Content?.ToString() ?? "";
        try
        {
            using var json = JsonDocument.Parse(raw);
            if (json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("error", out var error)
                && (error.ValueKind == JsonValueKind.String ? error : error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var message) ? message : default) is { ValueKind: JsonValueKind.String } text)
            {
                return text.GetString() ?? "";
            }
        }
        catch (JsonException)
        {
            // Not JSON: the body's start says what came.
        }
        var shown = raw.Length <= 200 ? raw : string.Concat(raw.AsSpan(0, 200), "...");
        return shown.Length == 0 ? "(empty body)" : shown.ReplaceLineEndings(" ");
    }

    private static bool IsTimeout(Exception e) =>
        e is OperationCanceledException || (e is AggregateException all && all.InnerExceptions.Count > 0 && all.InnerExceptions.All(IsTimeout));

    /// <summary>The SDK reads a completion lazily and fails deep inside on a wrong shape; this says what came instead.</summary>
    private void CheckShape(BinaryData body)
    {
        var raw = body.ToString();
        bool valid;
        try
        {
            using var json = JsonDocument.Parse(raw);
            valid = json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("choices", out var choices)
                && choices.ValueKind == JsonValueKind.Array
                && choices.GetArrayLength() > 0
                && choices[0].ValueKind == JsonValueKind.Object
                && choices[0].TryGetProperty("message", out var message)
                && message.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            valid = false;
        }
        if (!valid)
        {
            var shown = raw.Length <= 200 ? raw : string.Concat(raw.AsSpan(0, 200), "...");
            throw new InvalidDataException($"{_baseUrl} answered with something other than {ExpectedShape}; it sent: {shown.ReplaceLineEndings(" ")}");
        }
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<AIChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var update in _client.CompleteChatStreamingAsync(ToOpenAI(messages), ToOpenAI(options), cancellationToken).ConfigureAwait(false))
        {
            foreach (var part in update.ContentUpdate)
            {
                yield return new ChatResponseUpdate(AIChatRole.Assistant, part.Text);
            }
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(_metadata) ? _metadata
        : serviceKey is null && serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
        // The SDK's ChatClient owns no unmanaged resources and is not disposable.
    }

    private static IReadOnlyDictionary<string, double> FirstTokenAlternatives(ChatTokenLogProbabilityDetails first)
    {
        var alternatives = new Dictionary<string, double>(StringComparer.Ordinal) { [first.Token] = first.LogProbability };
        foreach (var alternative in first.TopLogProbabilities)
        {
            alternatives.TryAdd(alternative.Token, alternative.LogProbability);
        }
        return alternatives;
    }

    private static List<OpenAIChatMessage> ToOpenAI(IEnumerable<AIChatMessage> messages) =>
        messages.Select(message => message.Role == AIChatRole.System ? (OpenAIChatMessage)new SystemChatMessage(message.Text)
            : message.Role == AIChatRole.Assistant ? new AssistantChatMessage(message.Text)
            : new UserChatMessage(message.Text)).ToList();

    private static ChatCompletionOptions ToOpenAI(ChatOptions? options)
    {
        var result = new ChatCompletionOptions
        {
            Temperature = options?.Temperature,
            MaxOutputTokenCount = options?.MaxOutputTokens,
            TopP = options?.TopP,
        };
        if (options?.AdditionalProperties?.TryGetValue(JudgeChatProperties.LogProbabilities, out var top) == true && top is int count and > 0)
        {
            result.IncludeLogProbabilities = true;
            result.TopLogProbabilityCount = count;
        }
#pragma warning disable OPENAI001 // Seed is marked experimental by the SDK; deterministic servers honour it and the harness records it.
        result.Seed = options?.Seed;
#pragma warning restore OPENAI001
        foreach (var stop in options?.StopSequences ?? [])
        {
            result.StopSequences.Add(stop);
        }
        return result;
    }
}
