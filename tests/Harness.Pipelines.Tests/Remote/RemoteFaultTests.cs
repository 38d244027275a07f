using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Harness.Core.Data;
using Harness.Core.Datasets;
using Harness.Pipelines.Generation;
using Harness.Pipelines.Generative;
using Harness.Pipelines.Prompts;
using Harness.Pipelines.Remote;
using NUnit.Framework;

namespace Harness.Pipelines.Tests.Remote;

/// <summary>
/// A remote server that hangs or answers nonsense costs a bounded time and becomes error cases that
/// say what happened; the run goes on. Servers are local (127.0.0.1) and timeouts short.
/// </summary>
[Category("hostile")]
public sealed class RemoteFaultTests
{
    private static readonly Corpus EmptyCorpus = new([], []);

    [Test]
    public async Task AServerThatNeverAnswersCostsTheTimeoutForEachTryAndTheCaseErrors()
    {
        await using var server = new ScriptedServer(async stop =>
        {
            await Task.Delay(Timeout.Infinite, stop);
            return "";
        });
        await using var pipeline = Pipeline(server, TimeSpan.FromSeconds(0.5), retries: 1);
        var clock = Stopwatch.StartNew();

        var result = (await pipeline.AnswerAsync([new EvalCase { Id = "q1", Question = "Anything?" }], CancellationToken.None)).Single();

        Assert.Multiple(() =>
        {
            Assert.That(result.Error, Does.Contain($"{server.BaseUrl} did not answer within 0.5 s in 2 tries"));
            // 1 try + 1 retry, each cut at 0.5 s; the SDK's back-off between them is about a second.
            Assert.That(server.Requests, Is.EqualTo(2));
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(30)), "not the SDK's default 100 s × 4 tries");
        });
    }

    [TestCase("{\"foo\": 1}")]
    [TestCase("{\"choices\": []}")]
    [TestCase("[1, 2, 3]")]
    [TestCase("<html>gateway</html>")]
    public async Task AnAnswerOfTheWrongShapeIsACaseErrorSayingWhatWasExpectedAndWhatCame(string body)
    {
        await using var server = new ScriptedServer(_ => Task.FromResult(body));
        await using var pipeline = Pipeline(server, TimeSpan.FromSeconds(5), retries: 0);

        var result = (await pipeline.AnswerAsync([new EvalCase { Id = "q1", Question = "Anything?" }], CancellationToken.None)).Single();

        Assert.That(result.Error, Does.Contain($"{server.BaseUrl} answered with something other than a chat completion: a JSON object with \"choices\""));
    }

    [Test]
    public async Task A429WithRetryAfterIsWaitedForAndTheRetryAnswers()
    {
        await using var server = new ScriptedServer((request, _) => Task.FromResult(request == 1
            ? new Reply(429, "{\"error\": {\"message\": \"slow down\"}}", RetryAfter: "1")
            : new Reply(200, Completion("Paris."))));
        await using var pipeline = Pipeline(server, TimeSpan.FromSeconds(5), retries: 2);
        var clock = Stopwatch.StartNew();

        var result = (await pipeline.AnswerAsync([new EvalCase { Id = "q1", Question = "Capital?" }], CancellationToken.None)).Single();

        Assert.Multiple(() =>
        {
            Assert.That(result.Output?.Answer, Is.EqualTo("Paris."));
            Assert.That(server.Requests, Is.EqualTo(2), "the 429, then the retry");
            Assert.That(clock.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(1)), "Retry-After: 1 is one second");
        });
    }

    [Test]
    public async Task ARetryAfterLongerThanTheTimeoutWaitsOnlyTheTimeout()
    {
        await using var server = new ScriptedServer((request, _) => Task.FromResult(request == 1
            ? new Reply(503, "busy", RetryAfter: "3600")
            : new Reply(200, Completion("ok"))));
        await using var pipeline = Pipeline(server, TimeSpan.FromSeconds(1), retries: 1);
        var clock = Stopwatch.StartNew();

        var result = (await pipeline.AnswerAsync([new EvalCase { Id = "q1", Question = "Anything?" }], CancellationToken.None)).Single();

        Assert.Multiple(() =>
        {
            Assert.That(result.Output?.Answer, Is.EqualTo("ok"));
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(30)), "the hour asked for is capped at the 1 s timeout");
        });
    }

    [Test]
    public async Task AServerErrorAfterEveryRetryIsACaseErrorWithTheStatusAndTheServersMessage()
    {
        await using var server = new ScriptedServer((_, _) => Task.FromResult(new Reply(500, "{\"error\": {\"message\": \"model crashed\"}}", RetryAfter: "0")));
        await using var pipeline = Pipeline(server, TimeSpan.FromSeconds(5), retries: 2);

        var result = (await pipeline.AnswerAsync([new EvalCase { Id = "q1", Question = "Anything?" }], CancellationToken.None)).Single();

        Assert.Multiple(() =>
        {
            Assert.That(result.Error, Does.Contain($"{server.BaseUrl} answered HTTP 500 Internal Server Error after 3 tries: model crashed"));
            Assert.That(result.Error, Does.Not.Contain("secret-key"));
            Assert.That(server.Requests, Is.EqualTo(3), "1 try + 2 retries");
        });
    }

    [Test]
    public async Task ABadRequestIsNotRetried()
    {
        await using var server = new ScriptedServer((_, _) => Task.FromResult(new Reply(400, "{\"error\": \"prompt too long\"}")));
        await using var pipeline = Pipeline(server, TimeSpan.FromSeconds(5), retries: 2);

        var result = (await pipeline.AnswerAsync([new EvalCase { Id = "q1", Question = "Anything?" }], CancellationToken.None)).Single();

        Assert.Multiple(() =>
        {
            Assert.That(result.Error, Does.Contain("answered HTTP 400 Bad Request: prompt too long"));
            Assert.That(server.Requests, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task OneFailedRequestFailsOnlyItsCaseAndRequestsRunUpToTheConcurrency()
    {
        var inFlight = 0;
        var most = 0;
        await using var server = new ScriptedServer(async (_, body, stop) =>
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref most, now);
            await Task.Delay(300, stop);
            Interlocked.Decrement(ref inFlight);
            return body.Contains("poison", StringComparison.Ordinal) ? new Reply(400, "{\"error\": \"refused\"}") : new Reply(200, Completion("fine"));
        });
        await using var pipeline = Pipeline(server, TimeSpan.FromSeconds(10), retries: 0, concurrency: 4);
        var cases = Enumerable.Range(1, 8).Select(i => new EvalCase { Id = $"q{i}", Question = i == 3 ? "poison" : $"question {i}" }).ToArray();

        var results = await pipeline.AnswerAsync(cases, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(pipeline.PreferredBatchSize, Is.EqualTo(4), "the run hands the pipeline as many cases as it may send at once");
            Assert.That(results.Select(r => r.Error is null), Is.EqualTo(new[] { true, true, false, true, true, true, true, true }));
            Assert.That(results[2].Error, Does.Contain("HTTP 400 Bad Request: refused"));
            // 8 requests held 300 ms each, at most 4 at a time: the 4 slots fill.
            Assert.That(most, Is.EqualTo(4));
        });
    }

    private static void InterlockedMax(ref int target, int value)
    {
        for (var seen = Volatile.Read(ref target); value > seen; seen = Volatile.Read(ref target))
        {
            if (Interlocked.CompareExchange(ref target, value, seen) == seen)
            {
                return;
            }
        }
    }

    private static string Completion(string answer) =>
        $$$"""{"id": "c1", "object": "chat.completion", "created": 1700000000, "model": "test-model", "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "{{{answer}}}"}}], "usage": {"prompt_tokens": 5, "completion_tokens": 2, "total_tokens": 7}}""";

    private static GenerativePipeline Pipeline(ScriptedServer server, TimeSpan timeout, int retries, int concurrency = 1)
    {
        var client = new OpenAICompatibleChatClient(server.BaseUrl, "test-model", "secret-key", timeout, retries);
        var generator = RemoteChatClients.ForGeneration(client, concurrency);
        return new GenerativePipeline("remote", "remote", null, RetrievalScope.Corpus, 0, generator, PromptFormat.Remote(system: null),
            new GenerationSettings(8, 0, 7), PromptBuilder.DefaultClosedBookTemplate, EmptyCorpus);
    }

    /// <summary>An HTTP answer: status, body and an optional Retry-After header.</summary>
    private sealed record Reply(int Status, string Body, string? RetryAfter = null);

    /// <summary>Answers every request as the script says, given the request's number (1-based) and body (each request on its own task, so a hanging one blocks no other).</summary>
    private sealed class ScriptedServer : IAsyncDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly CancellationTokenSource _stop = new();
        private readonly Func<int, string, CancellationToken, Task<Reply>> _reply;
        private readonly Task _loop;
        private int _requests;

        public ScriptedServer(Func<CancellationToken, Task<string>> body)
            : this(async (_, _, stop) => new Reply(200, await body(stop)))
        {
        }

        public ScriptedServer(Func<int, CancellationToken, Task<Reply>> reply)
            : this((request, _, stop) => reply(request, stop))
        {
        }

        public ScriptedServer(Func<int, string, CancellationToken, Task<Reply>> reply)
        {
            _reply = reply;
            using (var probe = new TcpListener(IPAddress.Loopback, 0))
            {
                probe.Start();
                BaseUrl = new Uri($"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}/v1");
            }
            _listener.Prefixes.Add($"http://127.0.0.1:{BaseUrl.Port}/");
            _listener.Start();
            _loop = Task.Run(ServeAsync);
        }

        public Uri BaseUrl { get; }

        public int Requests => Volatile.Read(ref _requests);

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            _listener.Close();
            try
            {
                await _loop;
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                // Stop() ends the pending GetContextAsync: the loop is over.
            }
            _stop.Dispose();
        }

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                var context = await _listener.GetContextAsync();
                var request = Interlocked.Increment(ref _requests);
                _ = Task.Run(() => AnswerAsync(context, request));
            }
        }

        private async Task AnswerAsync(HttpListenerContext context, int request)
        {
            try
            {
                using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
                var reply = await _reply(request, await reader.ReadToEndAsync(), _stop.Token);
                var bytes = Encoding.UTF8.GetBytes(reply.Body);
                context.Response.StatusCode = reply.Status;
                if (reply.RetryAfter is { } retryAfter)
                {
                    context.Response.AddHeader("Retry-After", retryAfter);
                }
                context.Response.ContentType = "application/json";
                context.Response.ContentLength64 = bytes.Length;
                await context.Response.OutputStream.WriteAsync(bytes);
                context.Response.Close();
            }
            catch (Exception e) when (e is OperationCanceledException or HttpListenerException or ObjectDisposedException)
            {
                context.Response.Abort();
            }
        }
    }
}
