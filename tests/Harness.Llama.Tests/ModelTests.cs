namespace Harness.Llama.Tests;

[TestFixture]
[Category(TestModels.Category)]
public class ModelTests
{
    private LlamaModel _model = null!;

    [OneTimeSetUp]
    public void LoadModel() => _model = LlamaModel.Load(TestModels.RequireBase());

    [OneTimeTearDown]
    public void DisposeModel() => _model?.Dispose();

    [Test]
    public void MetadataDescribesStories260K()
    {
        var info = _model.Info;
        Assert.Multiple(() =>
        {
            Assert.That(info.Architecture, Is.EqualTo("llama"));
            Assert.That(info.EmbeddingSize, Is.EqualTo(64));
            Assert.That(info.VocabularySize, Is.EqualTo(512));
            Assert.That(info.ContextLength, Is.EqualTo(2048));
            Assert.That(info.LayerCount, Is.EqualTo(5));
            Assert.That(info.FileType, Does.Contain("F32"));
            Assert.That(info.ParameterCount, Is.InRange(250_000, 300_000));
            Assert.That(info.GgufVersion, Is.EqualTo(3));
            Assert.That(info.ChatTemplate, Is.Null);
            Assert.That(_model.BosToken, Is.EqualTo(1));
            Assert.That(_model.EosToken, Is.EqualTo(2));
        });
    }

    [TestCase("Once upon a time, there was a little girl named Lily.")]
    [TestCase("Tom has a red kite. The kite can fly very high!")]
    [TestCase("numbers 12345 and\nnew lines")]
    public void TokenizeThenDetokenizeGivesTheTextBack(string text)
    {
        var tokens = _model.Tokenize(text);
        Assert.That(tokens[0], Is.EqualTo(_model.BosToken), "BOS comes first");
        Assert.That(_model.Detokenize(tokens), Is.EqualTo(text));
    }

    [Test]
    public void TokenizingWithoutSpecialTokensLeavesOutBos()
    {
        var withBos = _model.Tokenize("Once upon a time");
        var withoutBos = _model.Tokenize("Once upon a time", addSpecial: false);
        Assert.That(withoutBos, Is.EqualTo(withBos[1..]));
    }

    [Test]
    public void ChatmlTemplateFormatsMessages()
    {
        PromptMessage[] messages = [new("system", "You tell stories."), new("user", "Tell me about Lily.")];
        var prompt = _model.ApplyChatTemplate(messages, "chatml");
        Assert.That(prompt, Is.EqualTo(
            "<|im_start|>system\nYou tell stories.<|im_end|>\n<|im_start|>user\nTell me about Lily.<|im_end|>\n<|im_start|>assistant\n"));
    }

    [Test]
    public void ModelWithoutAChatTemplateAsksForANamedOne()
    {
        var error = Assert.Throws<LlamaException>(() => _model.ApplyChatTemplate([new PromptMessage("user", "hi")]));
        Assert.That(error!.Message, Does.Contain("chatml"));
    }

    [Test]
    public void UnknownChatTemplateNameFailsWithATypedException() =>
        Assert.Throws<LlamaException>(() => _model.ApplyChatTemplate([new PromptMessage("user", "hi")], "no-such-template"));

    [Test]
    public void BuiltInTemplatesIncludeChatml() => Assert.That(LlamaModel.BuiltInChatTemplates(), Does.Contain("chatml"));

    [Test]
    public void AdapterForTheModelLoadsAndAModelFileIsRefusedAsAnAdapter()
    {
        using var adapter = _model.LoadAdapter(TestModels.RequireAdapter());
        Assert.That(adapter.Path, Is.EqualTo(Path.GetFullPath(TestModels.AdapterPath)));
        var error = Assert.Throws<InvalidModelFileException>(() => _model.LoadAdapter(TestModels.BasePath));
        Assert.That(error!.Message, Does.Contain("not a LoRA adapter"));
    }

    [Test]
    public void AdapterMadeForAnotherBaseIsRefusedNamingItsPath()
    {
        var path = Path.Combine(Path.GetTempPath(), $"harness-other-base-{Guid.NewGuid():N}.gguf");
        File.WriteAllBytes(path, GgufBuilder.LoraForAnotherBase());
        try
        {
            var error = Assert.Throws<ModelLoadException>(() => _model.LoadAdapter(path));
            Assert.That(error!.Path, Is.EqualTo(path));
            Assert.That(error.Message, Does.Contain("do not match the model"));
            Assert.That(error.Message, Does.Not.Contain("\n"), "one line");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
