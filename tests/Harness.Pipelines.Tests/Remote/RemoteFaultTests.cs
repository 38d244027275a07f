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

    private static GenerativePipeline Pipeline(ScriptedServer server, TimeSpan timeout, int retries)
    {
        var client = new OpenAICompatibleChatClient(server.BaseUrl, "test-model", "secret-key", timeout, retries);
        var generator = RemoteChatClients.ForGeneration(client, maxConcurrency: 1);
        return new GenerativePipeline("remote", "remote", null, RetrievalScope.Corpus, 0, generator, PromptFormat.Remote,
            new GenerationSettings(8, 0, 7), PromptBuilder.DefaultClosedBookTemplate, EmptyCorpus);
    }

    /// <summary>Answers every request with the body the script gives (each request on its own task, so a hanging one blocks no other).</summary>
    private sealed class ScriptedServer : IAsyncDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly CancellationTokenSource _stop = new();
        private readonly Func<CancellationToken, Task<string>> _body;
        private readonly Task _loop;
        private int _requests;

        public ScriptedServer(Func<CancellationToken, Task<string>> body)
        {
            _body = body;
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
                Interlocked.Increment(ref _requests);
                _ = Task.Run(() => AnswerAsync(context));
            }
        }

        private async Task AnswerAsync(HttpListenerContext context)
        {
            try
            {
                var bytes = Encoding.UTF8.GetBytes(await _body(_stop.Token));
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
