using Harness.Core.Models;
using NUnit.Framework;

namespace Harness.Core.Tests.Models;

/// <summary>Model cards whose file the harness makes (a <c>synthetic:</c> block): what the catalog reads and says when the file is missing.</summary>
public sealed class SyntheticCardTests
{
    private string _root = "";

    [SetUp]
    public void CreateFolders()
    {
        _root = Directory.CreateTempSubdirectory("harness-synthetic-cards-").FullName;
        Directory.CreateDirectory(Path.Combine(_root, "models"));
    }

    [TearDown]
    public void RemoveFolders() => Directory.Delete(_root, recursive: true);

    private ModelCatalog Catalog => new(Path.Combine(_root, "models"), Path.Combine(_root, "cache"));

    [Test]
    public void AMissingSyntheticFileIsReportedWithTheCommandThatMakesIt()
    {
        WriteCard("tiny-random", "synthetic:\n  from: stories260K\n  seed: 5\n  llama: { embedding_length: 64, block_count: 2 }\n");

        var error = Assert.Throws<ModelNotFoundException>(() => Catalog.Resolve("tiny-random"));

        Assert.That(error!.Message, Is.EqualTo(
            $"model card 'tiny-random' names tiny-random.gguf, which is not in {Path.Combine(_root, "cache")} - the harness makes it "
            + "(random weights with the tokenizer of 'stories260K'): run './harness model synth tiny-random'"));
    }

    [Test]
    public void TheRecipeKeepsTheShapeAndSeedAsWritten()
    {
        WriteCard("tiny-random", "synthetic:\n  from: stories260K\n  seed: 5\n  llama: { embedding_length: 64, attention.head_count: 4 }\n");

        var recipe = Catalog.Get("tiny-random").Synthetic!;

        Assert.Multiple(() =>
        {
            Assert.That(recipe.From, Is.EqualTo("stories260K"));
            Assert.That(recipe.Seed, Is.EqualTo(5UL));
            Assert.That(recipe.Llama, Is.EqualTo(new Dictionary<string, int> { ["embedding_length"] = 64, ["attention.head_count"] = 4 }));
            Assert.That(recipe.Problems, Is.Empty);
        });
    }

    [Test]
    public void RandomWeightsWithoutASeedAndAMisspelledKeyAreProblemsWithTheirPlace()
    {
        var card = WriteCard("no-seed", "synthetic:\n  from: stories260K\n  sead: 5\n  llama: { embedding_length: 64 }\n");

        var problems = Catalog.Get("no-seed").Synthetic!.Problems.Select(p => p.ToString()).ToArray();

        // The card: name, file, sha256, type, then synthetic: on line 5, from: 6, sead: 7, llama: 8 (each indented 2).
        Assert.That(problems, Has.Some.StartsWith($"{card}:8:3: error: random weights need a 'seed:'"));
        Assert.That(problems, Has.Some.StartsWith($"{card}:7:3: error:").And.Some.Contains("'sead'"));
    }

    private string WriteCard(string name, string synthetic)
    {
        var path = Path.Combine(_root, "models", name + ".yaml");
        File.WriteAllText(path, $"name: {name}\nfile: {name}.gguf\nsha256: \"\"\ntype: Q8_0\n{synthetic}");
        return path;
    }
}
