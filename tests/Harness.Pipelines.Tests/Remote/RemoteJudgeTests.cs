using Harness.Core.Data;
using Harness.Metrics.Faithfulness;
using Harness.Pipelines.Remote;
using NUnit.Framework;

namespace Harness.Pipelines.Tests.Remote;

/// <summary>The remote judge over HTTP: the adapter asks the server for log-probabilities, and P(yes) is read from what it returns.</summary>
public sealed class RemoteJudgeTests
{
    [Test]
    public async Task TheRemoteJudgesScoreIsPYesFromTheLogProbabilitiesTheServerReturns()
    {
        await using var server = new FakeOpenAIServer(_ => "yes");
        using var client = new OpenAICompatibleChatClient(server.BaseUrl, "judge-model", "secret-key");
        var judge = new LlmJudgeSupportScorer(client, "judge:remote", "remote");

        var verdict = await judge.ScoreAsync("Tom has a red kite.", [new Passage("p1", "d", 0, 19, "Tom has a red kite.")], CancellationToken.None);

        var request = server.Requests.Single();
        Assert.Multiple(() =>
        {
            Assert.That(request["logprobs"]?.GetValue<bool>(), Is.True);
            Assert.That(request["top_logprobs"]?.GetValue<int>(), Is.EqualTo(20), "the judge asks for 20 alternatives");
            // The server gives "yes" P 0.6 and "no" P 0.3: P(yes) = 0.6 / (0.6 + 0.3) = 2/3.
            Assert.That(verdict.Score, Is.EqualTo(2.0 / 3).Within(1e-9));
            Assert.That(verdict.Outcome, Is.EqualTo(SupportOutcome.Supported));
        });
    }
}
