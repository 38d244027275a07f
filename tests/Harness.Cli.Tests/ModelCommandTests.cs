using Harness.Core;
using Harness.Core.Models;
using NUnit.Framework;

namespace Harness.Cli.Tests;

/// <summary>`harness model synth`: makes a synthetic card's file into the cache, or says in one line why not.</summary>
public sealed class ModelCommandTests
{
    private string _cache = "";

    [SetUp]
    public void CreateCache()
    {
        var stories = Path.Combine(RepositoryPaths.Cache, "models", "stories260K.gguf");
        if (!File.Exists(stories))
        {
            Assert.Ignore("stories260K.gguf is not in the cache: run 'bash native/bootstrap.sh' with ../shared beside the repository");
        }
        _cache = Directory.CreateTempSubdirectory("harness-synth-cache-").FullName;
        Directory.CreateDirectory(Path.Combine(_cache, "models"));
        File.CreateSymbolicLink(Path.Combine(_cache, "models", "stories260K.gguf"), stories);
    }

    [TearDown]
    public void RemoveCache() => Directory.Delete(_cache, recursive: true);

    [Test]
    public async Task SynthMakesTheCardsFileIntoTheCacheWithTheCardsSha256()
    {
        var card = new ModelCatalog().Get("stories260K-chatml");

        var (exitCode, output) = await HarnessProcess.RunAsync(new Dictionary<string, string> { ["HARNESS_CACHE"] = _cache }, "model", "synth", "stories260K-chatml");

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Zero, output);
            Assert.That(output, Does.StartWith($"made {Path.Combine(_cache, "models", "stories260K-chatml.gguf")} in "));
            Assert.That(output, Does.Contain($"sha256 {card.Sha256} (matches the card)"));
        });
    }

    [Test]
    public async Task AFetchedModelIsNotMadeAndTheCommandExitsTwo()
    {
        var (exitCode, output) = await HarnessProcess.RunAsync(new Dictionary<string, string> { ["HARNESS_CACHE"] = _cache }, "model", "synth", "stories260K");

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(2));
            Assert.That(output, Does.StartWith("harness model synth: model card 'stories260K' ("));
            Assert.That(output, Does.Contain("has no 'synthetic:' block - its file is fetched by 'bash native/bootstrap.sh', not made"));
        });
    }
}
