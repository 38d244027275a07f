using Harness.Core;
using Harness.Core.Models;
using Harness.Llama;
using Harness.Llama.Generation;
using Harness.Pipelines.Synthetic;
using NUnit.Framework;

namespace Harness.Pipelines.Tests.Synthetic;

/// <summary>
/// The synthetic model cards of models/: each file made from its card is byte for byte the card's (sha256), loads
/// through the harness with its shape's parameter count, and generates.
/// </summary>
[Category("model")]
public sealed class SyntheticModelFilesTests
{
    private string _directory = "";

    [SetUp]
    public void CreateDirectory()
    {
        StoriesModel.Require();
        _directory = Directory.CreateTempSubdirectory("harness-synthetic-files-").FullName;
    }

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_directory, recursive: true);

    // With stories260K's 512 tokens: token_embd and output 2 × 512 × e, output_norm e, and a block of attention
    // 2 × e × e (q, output) + 2 × e × kv (k, v; kv = e when there are as many key/value heads as heads),
    // feed-forward 3 × e × ff and two norms 2 × e:
    //   114M-Q8_0: e 768, ff 2048: 4 × 589,824 + 3 × 1,572,864 + 1,536 = 7,079,424 a block; 16 × 7,079,424 + 786,432 + 768 = 114,057,984
    //   29M-F32:   e 768, ff 2048: 7,079,424 a block (as 114M's); 4 × 7,079,424 + 786,432 + 768 = 29,104,896
    //   chatml:    stories260K's (e 64, kv 32, ff 172): 8,192 + 4,096 + 33,024 + 128 = 45,440 a block; 5 × 45,440 + 65,536 + 64 = 292,800
    [TestCase("synthetic-llama-114M-Q8_0", 114_057_984L)]
    [TestCase("synthetic-llama-29M-F32", 29_104_896L)]
    [TestCase("stories260K-chatml", 292_800L)]
    public void AFileMadeFromItsCardHasTheCardsSha256AndGenerates(string name, long parameters)
    {
        var card = new ModelCatalog().Get(name);

        var made = SyntheticModelFiles.Make(new ModelCatalog(), name, _directory);
        using var model = LlamaModel.Load(made.Path);
        using var generator = new LlamaGenerator(model, new LlamaGeneratorOptions { ContextSize = 64, MaxParallelSequences = 1, Threads = 1 });
        var result = generator.Generate(new GenerationRequest { Prompt = "Once upon a time", MaxTokens = 4, StopAtEndOfGeneration = false });

        Assert.Multiple(() =>
        {
            Assert.That(made.Sha256, Is.EqualTo(card.Sha256));
            Assert.That(made.Path, Is.EqualTo(Path.Combine(_directory, card.File)));
            Assert.That(model.Info.ParameterCount, Is.EqualTo(parameters));
            Assert.That(result.GeneratedTokens, Is.EqualTo(4));
            Assert.That(card.Description, Does.Contain("never for quality figures"));
        });
    }

    [Test]
    public void AFileThatComesOutOtherThanItsCardSaysIsRefusedAndNotKept()
    {
        var cards = Directory.CreateDirectory(Path.Combine(_directory, "cards")).FullName;
        File.Copy(Path.Combine(RepositoryPaths.Root, "models", "stories260K.yaml"), Path.Combine(cards, "stories260K.yaml"));
        File.WriteAllText(Path.Combine(cards, "wrong.yaml"),
            $"name: wrong\nfile: wrong.gguf\nsha256: {new string('0', 64)}\nchat_template: chatml\nsynthetic:\n  from: stories260K\n");
        var output = Directory.CreateDirectory(Path.Combine(_directory, "out")).FullName;

        var error = Assert.Throws<InvalidDataException>(() =>
            SyntheticModelFiles.Make(new ModelCatalog(cards, Path.Combine(RepositoryPaths.Cache, "models")), "wrong", output));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.StartWith($"model card 'wrong' says sha256 {new string('0', 64)}, but the file made from it has "));
            Assert.That(Directory.GetFiles(output), Is.Empty, "neither the file nor its temporary is left");
        });
    }

    [Test]
    public void ACardThatIsFetchedIsNotMade()
    {
        var error = Assert.Throws<ArgumentException>(() => SyntheticModelFiles.Make(new ModelCatalog(), "stories260K", _directory));
        Assert.That(error!.Message, Does.Contain("has no 'synthetic:' block - its file is fetched by 'bash native/bootstrap.sh'"));
    }
}
