using Harness.Core.Caching;
using Harness.Core.Models;
using Harness.Metrics.Faithfulness;
using Microsoft.Extensions.AI;

namespace Harness.Metrics.Tests.Faithfulness;

public sealed class LlmJudgeSupportScorerTests
{
    [TestCase("yes", SupportOutcome.Supported, 1.0)]
    [TestCase(" Yes.\n", SupportOutcome.Supported, 1.0)]
    [TestCase("NO", SupportOutcome.Unsupported, 0.0)]
    [TestCase("no.", SupportOutcome.Unsupported, 0.0)]
    public async Task ReadsAYesOrNoReply(string reply, SupportOutcome outcome, double score)
    {
        using var judge = new ScriptedChatClient(reply);
        var scorer = new LlmJudgeSupportScorer(judge);

        var verdict = await scorer.ScoreAsync("Aspirin reduces fever.", Contexts.Passages("Aspirin reduces fever in adults."), CancellationToken.None);

        Assert.That(verdict.Outcome, Is.EqualTo(outcome));
        Assert.That(verdict.Score, Is.EqualTo(score));
    }

    [TestCase("")]
    [TestCase("Yes, because the context says so.")]
    [TestCase("yes no")]
    [TestCase("Maybe")]
    [TestCase("The answer is yes")]
    public async Task TreatsAnyOtherReplyAsAnErrorNeverAsAPass(string reply)
    {
        using var judge = new ScriptedChatClient(reply);
        var scorer = new LlmJudgeSupportScorer(judge);

        var verdict = await scorer.ScoreAsync("Aspirin reduces fever.", Contexts.Passages("Aspirin reduces fever in adults."), CancellationToken.None);

        Assert.That(verdict.Outcome, Is.EqualTo(SupportOutcome.Error));
        Assert.That(verdict.IsSupported, Is.False);
        Assert.That(verdict.Reason, Does.StartWith("the judge answered \""));
    }

    [Test]
    public async Task AsksAboutTheClaimWithTheContextDeterministically()
    {
        using var judge = new ScriptedChatClient("yes");
        var scorer = new LlmJudgeSupportScorer(judge);

        await scorer.ScoreAsync("Aspirin reduces fever.", Contexts.Passages("Aspirin reduces fever in adults.", "It was made in 1897."), CancellationToken.None);

        var question = judge.Messages.Single(m => m.Role == ChatRole.User).Text;
        Assert.That(question, Does.Contain("- Aspirin reduces fever in adults.\n- It was made in 1897.\n"));
        Assert.That(question, Does.Contain("Claim: Aspirin reduces fever."));
        Assert.That(judge.Options?.Temperature, Is.Zero);
        Assert.That(judge.Options?.AdditionalProperties?["grammar"], Is.EqualTo("root ::= \"yes\" | \"no\""));
    }

    // First-token alternatives: "yes" e^-0.5, "y" e^-2, "no" e^-1.5, " the" e^-3 (starts neither answer).
    // P(yes) = (e^-0.5 + e^-2) / (e^-0.5 + e^-2 + e^-1.5) = (0.606531 + 0.135335) / (0.606531 + 0.135335 + 0.223130) = 0.741866 / 0.964996 = 0.768776
    [Test]
    public async Task ScoresTheProbabilityOfYesFromTheFirstTokensLogProbabilities()
    {
        using var judge = new ScriptedChatClient("yes", new Dictionary<string, double> { ["yes"] = -0.5, ["y"] = -2, ["no"] = -1.5, [" the"] = -3 });
        var scorer = new LlmJudgeSupportScorer(judge, "judge:test", "abc123");

        var verdict = await scorer.ScoreAsync("Aspirin reduces fever.", Contexts.Passages("Aspirin reduces fever in adults."), CancellationToken.None);

        Assert.That(verdict.Outcome, Is.EqualTo(SupportOutcome.Supported));
        Assert.That(verdict.Score, Is.EqualTo(0.768776).Within(1e-6));
        Assert.That(verdict.Reason, Is.EqualTo("the judge answered yes, P(yes) = 0.769"));
        Assert.That(judge.Options?.AdditionalProperties?[JudgeChatProperties.LogProbabilities], Is.EqualTo(20));
    }

    [Test]
    public async Task SaysWhenTheJudgeGaveNoProbabilities()
    {
        using var judge = new ScriptedChatClient("no");
        var scorer = new LlmJudgeSupportScorer(judge);

        var verdict = await scorer.ScoreAsync("Aspirin reduces fever.", Contexts.Passages("x"), CancellationToken.None);

        Assert.That((verdict.Outcome, verdict.Score), Is.EqualTo((SupportOutcome.Unsupported, 0.0)));
        Assert.That(verdict.Reason, Does.Contain("no log-probabilities"));
    }

    [Test]
    public void ItsIdentityNamesTheModelAndThePromptHash()
    {
        using var judge = new ScriptedChatClient("yes");

        var scorer = new LlmJudgeSupportScorer(judge, "judge:stories260K", "sha-of-model");

        Assert.That(scorer.Identity, Is.EqualTo($"judge:v1:model=sha-of-model:prompt={LlmJudgeSupportScorer.PromptSha256[..16]}"));
        Assert.That(LlmJudgeSupportScorer.PromptSha256, Has.Length.EqualTo(64));
    }

    [Test]
    public async Task ACachedJudgementIsNotAskedAgainButAnUndecidedOneIs()
    {
        var path = Path.Combine(Path.GetTempPath(), $"judgements-{Guid.NewGuid():N}.db");
        try
        {
            using var judge = new ScriptedChatClient("yes", new Dictionary<string, double> { ["yes"] = -0.1, ["no"] = -2.4 });
            using var garbled = new ScriptedChatClient("perhaps");
            using (var cache = new GenerationCache(path, CacheMode.Replay))
            {
                var scorer = new CachingSupportScorer(new LlmJudgeSupportScorer(judge, "judge:test", "m1"), cache);
                var undecided = new CachingSupportScorer(new LlmJudgeSupportScorer(garbled, "judge:garbled", "m2"), cache);
                var first = await scorer.ScoreAsync("Aspirin reduces fever.", Contexts.Passages("Aspirin reduces fever in adults."), CancellationToken.None);
                var second = await scorer.ScoreAsync("Aspirin reduces fever.", Contexts.Passages("Aspirin reduces fever in adults."), CancellationToken.None);
                var otherEvidence = await scorer.ScoreAsync("Aspirin reduces fever.", Contexts.Passages("Aspirin is cheap."), CancellationToken.None);
                await undecided.ScoreAsync("Aspirin reduces fever.", Contexts.Passages("x"), CancellationToken.None);
                await undecided.ScoreAsync("Aspirin reduces fever.", Contexts.Passages("x"), CancellationToken.None);

                Assert.That(second, Is.EqualTo(first));
                Assert.That(judge.Calls, Is.EqualTo(2), "the repeated pair came from the cache; the new evidence was judged");
                Assert.That(garbled.Calls, Is.EqualTo(2), "an undecided verdict is never cached");
                Assert.That(otherEvidence.IsSupported, Is.True);
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(path);
        }
    }

    /// <summary>A chat client that replies with a fixed text (and optional first-token log-probabilities) and records what it was asked.</summary>
    private sealed class ScriptedChatClient(string reply, IReadOnlyDictionary<string, double>? logProbabilities = null) : IChatClient
    {
        public IReadOnlyList<ChatMessage> Messages { get; private set; } = [];

        public ChatOptions? Options { get; private set; }

        public int Calls { get; private set; }

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            Messages = [.. messages];
            Options = options;
            Calls++;
            var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, reply));
            if (logProbabilities is not null)
            {
                response.AdditionalProperties = new() { [JudgeChatProperties.AnswerLogProbabilities] = logProbabilities };
            }
            return Task.FromResult(response);
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("the judge does not stream");

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
