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

    /// <summary>A chat client that replies with a fixed text and records what it was asked.</summary>
    private sealed class ScriptedChatClient(string reply) : IChatClient
    {
        public IReadOnlyList<ChatMessage> Messages { get; private set; } = [];

        public ChatOptions? Options { get; private set; }

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            Messages = [.. messages];
            Options = options;
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, reply)));
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("the judge does not stream");

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
