using Harness.Llama.AI;
using Harness.Pipelines.Remote;
using Harness.Pipelines.Tests.Generation;
using Microsoft.Extensions.AI;
using NUnit.Framework;

namespace Harness.Pipelines.Tests.Remote;

/// <summary>What a remote server's client is given for generation: a limit on requests in flight, and measurements it may not report.</summary>
public sealed class RemoteChatClientsTests
{
    [Test]
    public async Task NoMoreRequestsThanTheLimitAreInFlightAtOnce()
    {
        var server = new ScriptedChatClient(async prompt =>
        {
            await Task.Delay(50);
            return new ChatResponse(new ChatMessage(ChatRole.Assistant, prompt));
        });
        using var client = RemoteChatClients.ForGeneration(server, maxConcurrency: 2);

        await Task.WhenAll(Enumerable.Range(0, 6).Select(i => client.GetResponseAsync($"q{i}")));

        Assert.Multiple(() =>
        {
            Assert.That(server.Calls, Is.EqualTo(6));
            Assert.That(server.MostInFlight, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task AServerThatReportsNoUsageIsCountedRoughlyAndItsWallClockIsTheGenerationTime()
    {
        var server = new ScriptedChatClient(async _ =>
        {
            await Task.Delay(30);
            return new ChatResponse(new ChatMessage(ChatRole.Assistant, "Paris."));
        });
        using var client = RemoteChatClients.ForGeneration(server, maxConcurrency: 1);

        var response = await client.GetResponseAsync("Question: capital?\nAnswer:");

        Assert.Multiple(() =>
        {
            // About four characters a token, rounded up: the prompt has 26 characters → (26 + 3) / 4 = 7; "Paris." has 6 → (6 + 3) / 4 = 2.
            Assert.That(response.Usage!.InputTokenCount, Is.EqualTo(7));
            Assert.That(response.Usage.OutputTokenCount, Is.EqualTo(2));
            Assert.That(ChatTimings.Generation(response), Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(29)));
            Assert.That(ChatTimings.PromptEvaluation(response), Is.Null, "a remote server's stages cannot be told apart");
        });
    }
}
