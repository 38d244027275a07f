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

namespace Harness.Pipelines.Remote;

/// <summary>
/// An OpenAI-compatible endpoint (vLLM, llama.cpp server, TGI) as an <see cref="IChatClient"/>: Microsoft.Extensions.AI.OpenAI's
/// adapter over the OpenAI SDK, with what a run needs around it. Requests time out and are retried as the pipeline
/// says (<see cref="BoundedRetryPolicy"/>); a failure becomes an exception whose message names the server and what went
/// wrong (the status and the server's own message, a timeout after n tries, an answer that is not a chat completion),
/// never the key. Asked for log-probabilities (<see cref="JudgeChatProperties.LogProbabilities"/>: how many
/// alternatives), it has the adapter request them and returns the first reply token's alternatives, read from the
/// completion the adapter keeps as the response's raw representation, in <see cref="JudgeChatProperties.AnswerLogProbabilities"/>,
/// which the remote judge reads. A GBNF grammar does not travel through the adapter; the judge parses the reply strictly.
/// </summary>
public sealed class OpenAICompatibleChatClient : DelegatingChatClient
{
    private const string ExpectedShape = "a chat completion: a JSON object with \"choices\": [{\"message\": {\"content\": \"...\"}}]";

    private readonly Uri _baseUrl;
    private readonly TimeSpan _timeout;
    private readonly int _retries;

    /// <summary>
    /// Each request may take <paramref name="timeout"/> (default <see cref="RemoteDefinition.DefaultTimeoutSeconds"/> s)
    /// and is tried again <paramref name="retries"/> times (default <see cref="RemoteDefinition.DefaultRetries"/>) after a
    /// timeout, a lost connection, 408, 429 or 5xx, waiting what the server's Retry-After asks (at most the timeout).
    /// </summary>
    public OpenAICompatibleChatClient(Uri baseUrl, string model, string apiKey, TimeSpan? timeout = null, int? retries = null)
        : this(baseUrl, model, apiKey, timeout ?? TimeSpan.FromSeconds(RemoteDefinition.DefaultTimeoutSeconds), retries ?? RemoteDefinition.DefaultRetries)
    {
    }

    private OpenAICompatibleChatClient(Uri baseUrl, string model, string apiKey, TimeSpan timeout, int retries)
        : base(Adapter(baseUrl, model, apiKey, timeout, retries))
    {
        _baseUrl = baseUrl;
        _timeout = timeout;
        _retries = retries;
    }

    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<AIChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ChatResponse response;
        try
        {
            response = await base.GetResponseAsync(messages, WithLogProbabilities(options), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (Explained(e, cancellationToken) is { } explained)
        {
            throw explained;
        }
        if (response.RawRepresentation is ChatCompletion { ContentTokenLogProbabilities: { Count: > 0 } tokens })
        {
            (response.AdditionalProperties ??= [])[JudgeChatProperties.AnswerLogProbabilities] = FirstTokenAlternatives(tokens[0]);
        }
        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<AIChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var updates = base.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            try
            {
                if (!await updates.MoveNextAsync().ConfigureAwait(false))
                {
                    yield break;
                }
            }
            catch (Exception e) when (Explained(e, cancellationToken) is { } explained)
            {
                throw explained;
            }
            yield return updates.Current;
        }
    }

    private static IChatClient Adapter(Uri baseUrl, string model, string apiKey, TimeSpan timeout, int retries)
    {
        var options = new OpenAIClientOptions
        {
            Endpoint = baseUrl,
            NetworkTimeout = timeout,
            RetryPolicy = new BoundedRetryPolicy(retries, timeout),
        };
        // Per call, outside the retries: the shape of the answer that came back in the end.
        options.AddPolicy(new CompletionShapePolicy(baseUrl), PipelinePosition.PerCall);
        return new ChatClient(model, new ApiKeyCredential(apiKey), options).AsIChatClient();
    }

    /// <summary>The adapter builds the SDK's options from this factory's, so log-probabilities ride in with the rest of the request.</summary>
    private static ChatOptions? WithLogProbabilities(ChatOptions? options)
    {
        if (options?.AdditionalProperties?.TryGetValue(JudgeChatProperties.LogProbabilities, out var top) != true || top is not int count || count <= 0)
        {
            return options;
        }
        var asked = options.Clone();
        var earlier = options.RawRepresentationFactory;
        asked.RawRepresentationFactory = client =>
        {
            var completion = earlier?.Invoke(client) as ChatCompletionOptions ?? new ChatCompletionOptions();
            completion.IncludeLogProbabilities = true;
            completion.TopLogProbabilityCount = count;
            return completion;
        };
        return asked;
    }

    /// <summary>The exception a case reports for a failed request; null for one that is not the server's doing (a cancelled run).</summary>
    private Exception? Explained(Exception e, CancellationToken cancellationToken) => e switch
    {
        // The SDK's network timeout surfaces as a cancellation (one per try, aggregated after retries);
        // the run was not cancelled, so it must not stop.
        _ when IsTimeout(e) && !cancellationToken.IsCancellationRequested => new TimeoutException(
            string.Create(CultureInfo.InvariantCulture, $"{_baseUrl} did not answer within {_timeout.TotalSeconds:0.###} s in {_retries + 1} tries - check the server, or raise the pipeline's remote: {{ timeout_s, retries }}"),
            e),
        // The SDK's own message carries the response headers; the case needs the status and what the server said.
        ClientResultException { Status: > 0 } failed => new HttpRequestException(
            string.Create(CultureInfo.InvariantCulture, $"{_baseUrl} answered HTTP {failed.Status} {failed.GetRawResponse()?.ReasonPhrase}{(failed.Status is 408 or 429 or >= 500 ? $" after {_retries + 1} tries" : "")}: {ServerMessage(failed.GetRawResponse())}"),
            failed,
            (System.Net.HttpStatusCode)failed.Status),
        // A completion of the right outline with a field of the wrong type fails deep inside the SDK.
        JsonException or InvalidOperationException or FormatException or KeyNotFoundException => new InvalidDataException(
            $"{_baseUrl} answered with something other than {ExpectedShape} ({e.Message}) - is base_url an OpenAI-compatible /v1 endpoint?", e),
        _ => null,
    };

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
        return Shown(raw);
    }

    private static string Shown(string raw)
    {
        var shown = raw.Length <= 200 ? raw : string.Concat(raw.AsSpan(0, 200), "...");
        return shown.Length == 0 ? "(empty body)" : shown.ReplaceLineEndings(" ");
    }

    private static bool IsTimeout(Exception e) =>
        e is OperationCanceledException || (e is AggregateException all && all.InnerExceptions.Count > 0 && all.InnerExceptions.All(IsTimeout));

    private static IReadOnlyDictionary<string, double> FirstTokenAlternatives(ChatTokenLogProbabilityDetails first)
    {
        var alternatives = new Dictionary<string, double>(StringComparer.Ordinal) { [first.Token] = first.LogProbability };
        foreach (var alternative in first.TopLogProbabilities)
        {
            alternatives.TryAdd(alternative.Token, alternative.LogProbability);
        }
        return alternatives;
    }

    /// <summary>
    /// The SDK reads a completion lazily and fails deep inside on a wrong shape (or, through the adapter, not at all:
    /// an empty answer); this checks the answer's outline as it arrives and says what came instead.
    /// </summary>
    private sealed class CompletionShapePolicy(Uri baseUrl) : PipelinePolicy
    {
        public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            ProcessNext(message, pipeline, currentIndex);
            Check(message);
        }

        public override async ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            await ProcessNextAsync(message, pipeline, currentIndex).ConfigureAwait(false);
            Check(message);
        }

        private void Check(PipelineMessage message)
        {
            // Errors are the SDK's to raise with their status; a streamed answer is read as it arrives, not here.
            if (message.Response is not { IsError: false } response || !message.BufferResponse)
            {
                return;
            }
            var raw = response.Content.ToString();
            bool valid;
            try
            {
                using var json = JsonDocument.Parse(raw);
                valid = json.RootElement.ValueKind == JsonValueKind.Object
                    && json.RootElement.TryGetProperty("choices", out var choices)
                    && choices.ValueKind == JsonValueKind.Array
                    && choices.GetArrayLength() > 0
                    && choices[0].ValueKind == JsonValueKind.Object
                    && choices[0].TryGetProperty("message", out var answer)
                    && answer.ValueKind == JsonValueKind.Object;
            }
            catch (JsonException)
            {
                valid = false;
            }
            if (!valid)
            {
                throw new InvalidDataException($"{baseUrl} answered with something other than {ExpectedShape}; it sent: {Shown(raw)}");
            }
        }
    }
}
