using Harness.Core.Caching;
using Harness.Core.Data;
using Harness.Core.Models;
using Harness.Core.Running;
using Harness.Core.Suites;
using Harness.Llama;
using Harness.Pipelines.Judging;
using Harness.Retrieval.Embeddings;
using Harness.Retrieval.Indexing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;

namespace Harness.Pipelines.Tests;

/// <summary>
/// The exact prompt text a model's own chat template gives a local pipeline and the local judge, on
/// stories260K-chatml (stories260K with a ChatML template, models/stories260K-chatml.yaml). ChatML, as
/// llama.cpp writes it: each message is "&lt;|im_start|&gt;" + role + "\n" + content + "&lt;|im_end|&gt;\n",
/// then the generation prompt "&lt;|im_start|&gt;assistant\n".
/// </summary>
[Category("model")]
public sealed class ChatTemplatePromptTests
{
    private string _directory = "";

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("harness-chat-prompts-").FullName;

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_directory, recursive: true);

    // The template fills {question} with "Who owns the red kite?"; the system text is the first message.
    [TestCase("system: Answer in one word.",
        "<|im_start|>system\nAnswer in one word.<|im_end|>\n<|im_start|>user\nQ: Who owns the red kite?\nA:<|im_end|>\n<|im_start|>assistant\n")]
    [TestCase("",
        "<|im_start|>user\nQ: Who owns the red kite?\nA:<|im_end|>\n<|im_start|>assistant\n")]
    public async Task ALocalPipelineWithTheChatTemplatePromptsWithItsSystemTextAndTheFilledTemplate(string system, string expected)
    {
        var model = StoriesModel.MakeChatml(_directory);
        var read = SuiteReader.Parse("chat.yaml", $$"""
            name: chat
            dataset: inline
            generation: { max_tokens: 2 }
            pipelines:
              - name: closed-book
                kind: closed-book
                model: {{model}}
                prompt: { template: "Q: {question}\nA:", chat_template: true, {{system}} }
            """);
        Assert.That(read.Problems, Is.Empty);
        const string text = "The red kite belongs to Tom.";
        var dataset = new Dataset("inline", new Corpus([new Document("story", text)], [new Passage("story#p0", "story", 0, text.Length, text)]),
            [new EvalCase { Id = "q1", Question = "Who owns the red kite?", DocumentId = "story" }]);
        var factory = new DefaultPipelineFactory(new ModelCatalog(), new IndexCache(Path.Combine(_directory, "indexes"), NullLogger.Instance), new EmbedderFactory(), NullLogger.Instance);

        var set = await factory.CreateAsync(read.Suite!, dataset, new RunOptions { Cache = CacheMode.Off, Threads = 1 }, CancellationToken.None);
        var result = (await set.Pipelines.Single().AnswerAsync(dataset.Cases, CancellationToken.None)).Single();
        await set.DisposeAsync();

        Assert.That(result.Output?.Prompt, Is.EqualTo(expected), result.Error);
    }

    [Test]
    public void TheLocalJudgeAsksThroughTheChatTemplateWithItsInstructionsAsTheSystemMessage()
    {
        using var model = LlamaModel.Load(StoriesModel.MakeChatml(_directory));
        using var judge = new LlamaJudgeChatClient(model, "stories260K-chatml", threads: 1, contextSize: 256);
        ChatMessage[] messages =
        [
            new(ChatRole.System, "Answer yes or no."),
            new(ChatRole.User, "Claim: Tom has a kite.\nContext: Tom has a red kite."),
        ];

        Assert.That(judge.PromptOf(messages), Is.EqualTo(
            "<|im_start|>system\nAnswer yes or no.<|im_end|>\n"
            + "<|im_start|>user\nClaim: Tom has a kite.\nContext: Tom has a red kite.<|im_end|>\n"
            + "<|im_start|>assistant\n"));
    }
}
