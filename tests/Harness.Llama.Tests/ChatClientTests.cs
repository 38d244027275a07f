using Harness.Llama.AI;
using Harness.Llama.Generation;
using Microsoft.Extensions.AI;

namespace Harness.Llama.Tests;

[TestFixture]
[Category(TestModels.Category)]
public class ChatClientTests
{
    private LlamaModel _model = null!;
    private LlamaGenerator _generator = null!;

    [OneTimeSetUp]
    public void LoadModel()
    {
        _model = LlamaModel.Load(TestModels.RequireBase());
        _generator = new LlamaGenerator(_model, new LlamaGeneratorOptions { ContextSize = 512, MaxParallelSequences = 2, Threads = 1 });
    }

    [OneTimeTearDown]
    public void DisposeModel()
    {
        _generator?.Dispose();
        _model?.Dispose();
    }

    [Test]
    public async Task PlainTextChatGivesTheSameAnswerAsTheGenerator()
    {
        using var client = new LlamaChatClient(_generator, new LlamaChatClientOptions { ChatTemplate = LlamaChatClientOptions.PlainText });
        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "Once upon a time")], new ChatOptions { MaxOutputTokens = 20 });

        var expected = _generator.Generate(GenerationRequest.FromPrompt("Once upon a time", 20)).Text;
        Assert.That(response.Text, Is.EqualTo(expected));
        Assert.That(response.FinishReason, Is.EqualTo(ChatFinishReason.Length));
        Assert.That(response.Usage!.OutputTokenCount, Is.EqualTo(20));
    }

    [Test]
    public async Task ChatmlTemplateIsAppliedToTheMessages()
    {
        using var client = new LlamaChatClient(_generator, new LlamaChatClientOptions { ChatTemplate = "chatml" });
        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "Tell a story.")], new ChatOptions { MaxOutputTokens = 4 });

        var prompt = _model.ApplyChatTemplate([new PromptMessage("user", "Tell a story.")], "chatml");
        Assert.That(response.Usage!.InputTokenCount, Is.EqualTo(_model.Tokenize(prompt).Length));
    }

    [Test]
    public async Task StreamingUpdatesAddUpToTheNonStreamingText()
    {
        using var client = new LlamaChatClient(_generator, new LlamaChatClientOptions { ChatTemplate = LlamaChatClientOptions.PlainText });
        ChatMessage[] messages = [new(ChatRole.User, "Tom has a")];
        var options = new ChatOptions { MaxOutputTokens = 24, StopSequences = ["."] };

        var whole = await client.GetResponseAsync(messages, options);
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync(messages, options))
        {
            updates.Add(update);
        }

        Assert.That(updates.ToChatResponse().Text, Is.EqualTo(whole.Text));
        Assert.That(whole.Text, Is.EqualTo(" big box"));
        Assert.That(updates[^1].FinishReason, Is.EqualTo(ChatFinishReason.Stop));
    }

    [Test]
    public void MetadataNamesTheModel()
    {
        using var client = new LlamaChatClient(_generator);
        var metadata = client.GetService<ChatClientMetadata>();
        Assert.That(metadata!.DefaultModelId, Is.EqualTo("stories260K"));
        Assert.That(client.GetService<LlamaGenerator>(), Is.SameAs(_generator));
    }
}
