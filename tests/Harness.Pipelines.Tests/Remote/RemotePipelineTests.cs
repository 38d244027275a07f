using Harness.Core.Data;
using Harness.Core.Datasets;
using Harness.Pipelines.Generation;
using Harness.Pipelines.Generative;
using Harness.Pipelines.Prompts;
using Harness.Pipelines.Remote;
using NUnit.Framework;

namespace Harness.Pipelines.Tests.Remote;

public sealed class RemotePipelineTests
{
    private static readonly Corpus EmptyCorpus = new([], []);

    [Test]
    public async Task RemotePipelineAnswersThroughAnOpenAICompatibleServer()
    {
        await using var server = new FakeOpenAIServer(prompt => prompt.Contains("capital", StringComparison.Ordinal) ? "Paris." : "I don't know.");
        await using var pipeline = CreatePipeline(server);

        var results = await pipeline.AnswerAsync(
            [new EvalCase { Id = "q1", Question = "What is the capital of France?" }, new EvalCase { Id = "q2", Question = "Why?" }],
            CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(results.Select(r => r.Output?.Answer), Is.EqualTo(new[] { "Paris.", "I don't know." }));
            Assert.That(results[0].Output!.Tokens.Prompt, Is.EqualTo(11), "token counts come from the server's usage");
            Assert.That(results[0].Output!.Tokens.Generated, Is.EqualTo(3));
            Assert.That(pipeline.Retrieves, Is.False);
        });
    }

    [Test]
    public async Task RemotePipelineSendsModelSamplingSettingsAndKey()
    {
        await using var server = new FakeOpenAIServer(_ => "ok");
        await using var pipeline = CreatePipeline(server);

        await pipeline.AnswerAsync([new EvalCase { Id = "q1", Question = "Anything?" }], CancellationToken.None);

        var request = server.Requests.Single();
        Assert.Multiple(() =>
        {
            Assert.That(request["model"]!.ToString(), Is.EqualTo("test-model"));
            Assert.That(request["temperature"]!.GetValue<double>(), Is.EqualTo(0));
            Assert.That(request["seed"]!.GetValue<int>(), Is.EqualTo(7));
            Assert.That(request["messages"]!.AsArray().Last()!["content"]!.ToString(), Is.EqualTo("Question: Anything?\nAnswer:"));
            Assert.That(server.AuthorizationHeaders.Single(), Is.EqualTo("Bearer secret-key"));
        });
    }

    [Test]
    public async Task ARemotePromptsSystemTextIsSentAsTheSystemMessageBeforeThePrompt()
    {
        await using var server = new FakeOpenAIServer(_ => "ok");
        var generator = RemoteChatClients.ForGeneration(new OpenAICompatibleChatClient(server.BaseUrl, "test-model", "secret-key"), maxConcurrency: 2);
        await using var pipeline = new GenerativePipeline("remote", "remote", null, RetrievalScope.Corpus, 0, generator, PromptFormat.Remote("Answer in one word."),
            new GenerationSettings(8, 0, 7), PromptBuilder.DefaultClosedBookTemplate, EmptyCorpus);

        await pipeline.AnswerAsync([new EvalCase { Id = "q1", Question = "Anything?" }], CancellationToken.None);

        var messages = server.Requests.Single()["messages"]!.AsArray().Select(m => (m!["role"]!.ToString(), m["content"]!.ToString()));
        Assert.That(messages, Is.EqualTo(new[] { ("system", "Answer in one word."), ("user", "Question: Anything?\nAnswer:") }));
    }

    [Test]
    public async Task RemotePipelineTurnsAnUnreachableServerIntoCaseErrors()
    {
        var unreachable = new Uri("http://127.0.0.1:9/v1");
        var generator = RemoteChatClients.ForGeneration(new OpenAICompatibleChatClient(unreachable, "test-model", "secret-key"), maxConcurrency: 2);
        await using var pipeline = new GenerativePipeline("remote", "remote", null, RetrievalScope.Corpus, 0, generator, PromptFormat.Remote(system: null),
            new GenerationSettings(8, 0, 7), PromptBuilder.DefaultClosedBookTemplate, EmptyCorpus);

        var results = await pipeline.AnswerAsync([new EvalCase { Id = "q1", Question = "Anything?" }], CancellationToken.None);

        Assert.That(results.Single().Error, Does.StartWith("generation failed"));
    }

    private static GenerativePipeline CreatePipeline(FakeOpenAIServer server)
    {
        var generator = RemoteChatClients.ForGeneration(new OpenAICompatibleChatClient(server.BaseUrl, "test-model", "secret-key"), maxConcurrency: 2);
        return new GenerativePipeline("remote", "remote", null, RetrievalScope.Corpus, 0, generator, PromptFormat.Remote(system: null),
            new GenerationSettings(8, 0, 7), PromptBuilder.DefaultClosedBookTemplate, EmptyCorpus);
    }
}
