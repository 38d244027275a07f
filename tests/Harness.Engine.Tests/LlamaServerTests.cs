using System.Text;
using Harness.Core;
using Harness.Core.Caching;
using Harness.Core.Running;
using Harness.Core.Suites;
using Harness.Pipelines.Remote;
using Microsoft.Extensions.Logging;
using NUnit.Framework;

namespace Harness.Engine.Tests;

/// <summary>
/// The remote pipeline against llama.cpp's own llama-server (native/llama-cpp/build.sh) serving stories260K
/// on 127.0.0.1, beside the local pipeline on the same model and prompts: greedy answers agree, requests run
/// concurrently, a wrong key makes error cases with the HTTP status and the server's message, and the key is
/// in no file of the run nor in the log.
/// </summary>
[Category("server")]
[NonParallelizable]
public sealed class LlamaServerTests
{
    private const string KeyVariable = "HARNESS_TEST_SERVER_KEY";
    private readonly string _key = $"test-key-{Guid.NewGuid():N}";
    private string _output = "";
    private LlamaServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServer()
    {
        var model = Path.Combine(RepositoryPaths.Cache, "models", "stories260K.gguf");
        if (!File.Exists(model))
        {
            Assert.Ignore("stories260K.gguf is not in the cache: run 'bash native/bootstrap.sh' with ../shared beside the repository");
        }
        if (!LlamaServer.IsBuilt)
        {
            Assert.Ignore($"llama-server is not built ({LlamaServer.ExecutablePath}): run 'bash native/llama-cpp/build.sh' (about 10 minutes on 2 cores)");
        }
        _output = Directory.CreateTempSubdirectory("harness-server-").FullName;
        _server = await LlamaServer.StartAsync(model, slots: 4, contextPerSlot: 512, threads: 1, _key, CancellationToken.None);
    }

    [OneTimeTearDown]
    public async Task StopServer()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
        Environment.SetEnvironmentVariable(KeyVariable, null);
        if (_output.Length > 0)
        {
            Directory.Delete(_output, recursive: true);
        }
    }

    [Test]
    public async Task GreedyAnswersFromLlamaServerEqualTheLocalPipelinesOnTheSamePrompts()
    {
        Environment.SetEnvironmentVariable(KeyVariable, _key);
        var (result, _) = await RunAsync("same", concurrency: 4);

        var local = result.Run.Results.Where(r => r.Pipeline == "local").ToDictionary(r => r.CaseId);
        var remote = result.Run.Results.Where(r => r.Pipeline == "remote").ToArray();
        Assert.Multiple(() =>
        {
            // toyqa has 7 rows, 3 of them broken: 4 answered cases per pipeline.
            Assert.That(remote.Count(r => r.Output is not null), Is.EqualTo(4));
            Assert.That(remote.Where(r => r.Output is not null).Select(r => r.Output!.Answer), Has.Some.Not.Empty, "the server generated text");
            foreach (var answer in remote.Where(r => r.Output is not null))
            {
                Assert.That(answer.Output!.Answer, Is.EqualTo(local[answer.CaseId].Output?.Answer), $"case {answer.CaseId}: llama-server and the local pipeline decode the same prompt greedily");
            }
        });
    }

    [Test]
    public async Task AWrongKeyMakesErrorCasesWithTheStatusAndTheServersMessageAndNoKeyInAnyOutput()
    {
        var wrongKey = $"wrong-key-{Guid.NewGuid():N}";
        Environment.SetEnvironmentVariable(KeyVariable, wrongKey);
        var (result, log) = await RunAsync("wrong-key", concurrency: 2);

        var remote = result.Run.Results.Where(r => r.Pipeline == "remote" && result.Run.Cases.Single(c => c.Id == r.CaseId).ImportError is null).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(remote, Has.Length.EqualTo(4));
            Assert.That(remote.Select(r => r.Error), Has.All.Contains("answered HTTP 401 Unauthorized: Invalid API Key"));
            foreach (var file in Directory.EnumerateFiles(result.Directory, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".db", StringComparison.Ordinal)))
            {
                var text = File.ReadAllText(file);
                Assert.That(text, Does.Not.Contain(wrongKey).And.Not.Contain(_key), $"{Path.GetFileName(file)} holds no key");
            }
            Assert.That(log, Does.Not.Contain(wrongKey).And.Not.Contain(_key), "the log holds no key");
            Assert.That(File.Exists(Path.Combine(result.Directory, "report.html")), Is.True);
        });
    }

    /// <summary>toyqa through a local and a remote closed-book pipeline with the same prompt, cache off, logging captured.</summary>
    private async Task<(SessionResult Result, string Log)> RunAsync(string name, int concurrency)
    {
        var suitePath = Path.Combine(_output, $"{name}.yaml");
        await File.WriteAllTextAsync(suitePath, $$"""
            name: server-{{name}}
            dataset: toyqa
            seed: 3
            models: { generator: stories260K }
            generation: { max_tokens: 16 }
            pipelines:
              - { name: local, kind: closed-book, prompt: "Question: {question}\nAnswer:" }
              - name: remote
                kind: remote
                prompt: "Question: {question}\nAnswer:"
                remote: { base_url: "{{_server.BaseUrl}}", model: stories260K, api_key_env: {{KeyVariable}}, concurrency: {{concurrency}}, timeout_s: 60, retries: 0 }
            metrics: [answer, latency]
            """);
        var validation = new SuiteValidator().Validate(suitePath);
        Assert.That(validation.Problems, Is.Empty);
        var log = new StringBuilder();
        using var loggers = new TextLoggerFactory(log);
        var result = await new SuiteSession(loggers).RunAsync(
            validation.Suite!,
            new RunOptions { Cache = CacheMode.Off, OutputDirectory = Path.Combine(_output, name), Threads = 1, Parallel = 1 },
            new SessionOptions { RecordHistory = false },
            progress: null,
            CancellationToken.None);
        lock (log)
        {
            return (result, log.ToString());
        }
    }

    /// <summary>Every log line of every category, with its exception, into one text.</summary>
    private sealed class TextLoggerFactory(StringBuilder text) : ILoggerFactory, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;

        public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException("the test logs into one text");

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (text)
            {
                text.AppendLine(formatter(state, exception)).AppendLine(exception?.ToString());
            }
        }

        public void Dispose()
        {
        }
    }
}
