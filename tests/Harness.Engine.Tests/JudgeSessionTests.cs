using System.Text.Json;
using Harness.Core;
using Harness.Core.Caching;
using Harness.Core.Gates;
using Harness.Core.Metrics;
using Harness.Core.Models;
using Harness.Core.Running;
using Harness.Core.Suites;
using Harness.Engine.Scoring;
using Harness.Metrics.Faithfulness;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;

namespace Harness.Engine.Tests;

/// <summary>
/// A suite with <c>models.judge</c> end to end, the judge being a fake chat client: the grammar it is
/// given, the probability it returns becoming each claim's score, its verdicts cached, and its
/// identity in run.json. Only the extractive pipeline runs, so no model is loaded.
/// </summary>
public sealed class JudgeSessionTests
{
    private string _output = "";

    [SetUp]
    public void CreateOutput() => _output = Directory.CreateTempSubdirectory("harness-judge-").FullName;

    [TearDown]
    public void RemoveOutput()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_output, recursive: true);
    }

    // The fake judge says yes with first-token log-probabilities ln 0.6 ("yes"), ln 0.2 ("y") and ln 0.2 ("no"):
    // P(yes) = (0.6 + 0.2) / (0.6 + 0.2 + 0.2) = 0.8 for every claim.
    [Test]
    public async Task AJudgeNamedByTheSuiteScoresEveryClaimIsCachedAndIsRecordedInRunJson()
    {
        var judge = new FakeJudge();
        var first = await RunAsync(judge, "first");
        var callsAfterFirst = judge.Calls;
        var second = await RunAsync(judge, "second");

        var claims = first.Run.Results.SelectMany(r => r.Claims).ToArray();
        using var runJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(first.Directory, "run.json")));
        var scorer = runJson.RootElement.GetProperty("run").GetProperty("supportScorer");
        var card = new ModelCatalog().Get("stories260K");
        var gate = first.Run.Gates.First(g => g.MetricId == "hallucination_rate");
        Assert.Multiple(() =>
        {
            Assert.That(judge.Grammars.Distinct(), Is.EqualTo(new[] { LlmJudgeSupportScorer.YesNoGrammar }), "every question carried the yes/no grammar");
            Assert.That(claims, Is.Not.Empty);
            Assert.That(claims.Select(c => c.Score!.Value), Has.All.EqualTo(0.8).Within(1e-9));
            Assert.That(claims.Select(c => c.Verdict), Has.All.EqualTo(ClaimVerdict.Supported));
            Assert.That(callsAfterFirst, Is.EqualTo(claims.Length), "one question per claim");
            Assert.That(judge.Calls, Is.EqualTo(callsAfterFirst), "the second run's judgements all came from the cache");
            Assert.That(second.Run.Results.SelectMany(r => r.Claims).Select(c => c.Score), Is.EqualTo(claims.Select(c => c.Score)));
            Assert.That(scorer.GetProperty("name").GetString(), Is.EqualTo("judge:stories260K"));
            Assert.That(scorer.GetProperty("model").GetString(), Is.EqualTo(card.Sha256));
            Assert.That(scorer.GetProperty("promptSha256").GetString(), Is.EqualTo(LlmJudgeSupportScorer.PromptSha256));
            Assert.That(scorer.GetProperty("identity").GetString(), Does.Contain(card.Sha256));
            Assert.That(gate.Verdict, Is.EqualTo(GateVerdict.Inconclusive), "the judge is not calibrated above the bar");
            Assert.That(gate.Message, Does.Contain("support scorer"));
        });
    }

    private Task<SessionResult> RunAsync(FakeJudge judge, string name)
    {
        var validation = new SuiteValidator().Validate(Path.Combine(RepositoryPaths.Root, "suites", "examples", "toyqa-judge.yaml"));
        Assert.That(validation.Problems, Is.Empty);
        return new SuiteSession(NullLoggerFactory.Instance, new SupportScorers(judgeClients: _ => judge)).RunAsync(
            validation.Suite!,
            new RunOptions { Cache = CacheMode.Replay, GenerationCachePath = Path.Combine(_output, "generations.db"), OutputDirectory = Path.Combine(_output, name), Pipelines = ["extractive"] },
            new SessionOptions { RecordHistory = false },
            progress: null,
            CancellationToken.None);
    }

    /// <summary>Answers yes with fixed first-token log-probabilities and records the grammar of each question.</summary>
    private sealed class FakeJudge : IChatClient
    {
        public List<string?> Grammars { get; } = [];

        public int Calls { get; private set; }

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            Calls++;
            Grammars.Add(options?.AdditionalProperties?[JudgeChatProperties.Grammar] as string);
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "yes"))
            {
                AdditionalProperties = new()
                {
                    [JudgeChatProperties.AnswerLogProbabilities] = new Dictionary<string, double> { ["yes"] = Math.Log(0.6), ["y"] = Math.Log(0.2), ["no"] = Math.Log(0.2) },
                },
            });
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
