using System.Numerics.Tensors;
using Harness.Retrieval.Embeddings;
using NUnit.Framework;

namespace Harness.Retrieval.Tests;

public sealed class LsaEmbedderTests
{
    private static readonly string[] _texts = TestCorpus.Create().Passages.Select(p => p.Text).ToArray();

    [Test]
    public void TheSameCorpusAndSeedGiveTheSameVectors()
    {
        var first = LsaEmbedder.Fit(_texts, new LsaOptions { Dimension = 6, Seed = 7 });
        var second = LsaEmbedder.Fit(_texts, new LsaOptions { Dimension = 6, Seed = 7 });

        Assert.That(second.Embed("influenza vaccine"), Is.EqualTo(first.Embed("influenza vaccine")));
    }

    [Test]
    public void VectorsAreUnitLengthAndHaveTheRequestedDimension()
    {
        var embedder = LsaEmbedder.Fit(_texts, new LsaOptions { Dimension = 6 });

        var vector = embedder.Embed("malaria mosquitoes");

        Assert.That(vector, Has.Length.EqualTo(6));
        Assert.That(TensorPrimitives.Norm(vector), Is.EqualTo(1).Within(1e-5));
    }

    [Test]
    public void TheDimensionIsCappedByTheNumberOfChunks()
    {
        var embedder = LsaEmbedder.Fit(_texts, new LsaOptions { Dimension = 256 });

        Assert.That(embedder.Dimension, Is.EqualTo(_texts.Length));
    }

    [Test]
    public void ATextWithoutKnownTermsEmbedsToTheZeroVector()
    {
        var embedder = LsaEmbedder.Fit(_texts, new LsaOptions { Dimension = 4 });

        Assert.That(embedder.Embed("xyzzy plugh"), Is.All.EqualTo(0f));
    }

    [Test]
    public void TextsOnOneTopicAreCloserThanTextsOnDifferentTopics()
    {
        var embedder = LsaEmbedder.Fit(_texts, new LsaOptions { Dimension = 8 });

        var malaria = embedder.Embed("Anopheles mosquitoes transmit malaria");
        var plasmodium = embedder.Embed("malaria Plasmodium falciparum disease transmission");
        var tuberculosis = embedder.Embed("tuberculosis antibiotics lungs");

        Assert.That(TensorPrimitives.Dot(malaria, plasmodium), Is.GreaterThan(TensorPrimitives.Dot(malaria, tuberculosis)));
    }

    [Test]
    public void ASavedModelLoadsBackToTheSameEmbedder()
    {
        var embedder = LsaEmbedder.Fit(_texts, new LsaOptions { Dimension = 5 });
        var path = Path.GetTempFileName();
        try
        {
            embedder.Save(path);
            var loaded = LsaEmbedder.Load(path);

            Assert.That(loaded.Embed("spike protein receptor"), Is.EqualTo(embedder.Embed("spike protein receptor")));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void ATruncatedModelFileIsReportedAsInvalidData()
    {
        var embedder = LsaEmbedder.Fit(_texts, new LsaOptions { Dimension = 5 });
        var path = Path.GetTempFileName();
        try
        {
            embedder.Save(path);
            using (var stream = new FileStream(path, FileMode.Open))
            {
                stream.SetLength(stream.Length - 7);
            }

            Assert.Throws<InvalidDataException>(() => LsaEmbedder.Load(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public async Task ItIsAnEmbeddingGenerator()
    {
        using var embedder = LsaEmbedder.Fit(_texts, new LsaOptions { Dimension = 4 });

        var embeddings = await embedder.GenerateAsync(["malaria", "influenza"]);

        Assert.That(embeddings, Has.Count.EqualTo(2));
        Assert.That(embeddings[0].Vector.ToArray(), Is.EqualTo(embedder.Embed("malaria")));
        Assert.That(embeddings[0].ModelId, Is.EqualTo("lsa-4"));
    }

    [Test]
    public void TheFactoryTrainsAnLsaEmbedderOnTheChunksItIsGiven()
    {
        var chunks = TestCorpus.Create().Passages;

        using var embedder = new EmbedderFactory([new LsaEmbedderProvider(new LsaOptions { Dimension = 4 })]).Create("lsa", chunks);

        Assert.That(embedder, Is.InstanceOf<LsaEmbedder>());
        Assert.That(((LsaEmbedder)embedder).Embed("malaria"), Is.EqualTo(LsaEmbedder.Fit(_texts, new LsaOptions { Dimension = 4 }).Embed("malaria")));
    }

    [Test]
    public void AnUnknownEmbedderNameSuggestsTheClosestOne()
    {
        var error = Assert.Throws<ArgumentException>(() => new EmbedderFactory().Resolve("lsaa"));

        Assert.That(error!.Message, Does.Contain("did you mean 'lsa'"));
    }
}
