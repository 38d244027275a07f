using Harness.Llama.AI;
using Harness.Llama.Generation;
using Microsoft.Extensions.AI;

namespace Harness.Llama.Tests;

/// <summary>
/// Generation through a model's own chat template (stories260K with a ChatML template in its metadata): the
/// exact prompt text the generator and the chat client build from the messages.
/// </summary>
[TestFixture]
[Category(TestModels.Category)]
public class ChatTemplateTests
{
    // ChatML: each message is "<|im_start|>" + role + "\n" + content + "<|im_end|>\n", and the generation prompt
    // "<|im_start|>assistant\n" follows; the system message comes first, as given.
    private const string Expected =
        "<|im_start|>system\nYou tell stories.<|im_end|>\n"
        + "<|im_start|>user\nTell me about Lily.<|im_end|>\n"
        + "<|im_start|>assistant\n";

    private string _directory = "";
    private LlamaModel _model = null!;
    private LlamaGenerator _generator = null!;

    [OneTimeSetUp]
    public void MakeAndLoadTheModel()
    {
        _directory = Directory.CreateTempSubdirectory("harness-chat-template-").FullName;
        _model = LlamaModel.Load(TestModels.MakeChatmlCopy(_directory));
        _generator = new LlamaGenerator(_model, new LlamaGeneratorOptions { ContextSize = 256, MaxParallelSequences = 1, Threads = 1 });
    }

    [OneTimeTearDown]
    public void DisposeTheModel()
    {
        _generator?.Dispose();
        _model?.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Test]
    public void TheModelsOwnTemplateFormatsTheMessagesAsChatml() =>
        Assert.That(_model.ApplyChatTemplate([new("system", "You tell stories."), new("user", "Tell me about Lily.")]), Is.EqualTo(Expected));

    [Test]
    public async Task TheChatClientPromptsWithTheTemplatedTextSystemMessageIncluded()
    {
        using var client = new LlamaChatClient(_generator);
        var response = await client.GetResponseAsync(
            [new ChatMessage(ChatRole.System, "You tell stories."), new ChatMessage(ChatRole.User, "Tell me about Lily.")],
            new ChatOptions { MaxOutputTokens = 12 });

        // The same prompt given as plain text: the same tokens in, so the same greedy tokens out.
        var plain = _generator.Generate(GenerationRequest.FromPrompt(Expected, 12));
        Assert.Multiple(() =>
        {
            Assert.That(response.Usage!.InputTokenCount, Is.EqualTo(_model.Tokenize(Expected).Length));
            Assert.That(response.Text, Is.EqualTo(plain.Text));
        });
    }
}
