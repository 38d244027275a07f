using System.Numerics.Tensors;
using Harness.Core.Models;
using Harness.Core.Suites;
using Harness.Retrieval.Embeddings;
using Harness.Retrieval.Indexing;
using Harness.Retrieval.Retrievers;
using Microsoft.Extensions.AI;
using NUnit.Framework;

namespace Harness.Retrieval.Tests;

/// <summary>The built-in neural embedders, run on the real ONNX models their NuGet packages carry.</summary>
public sealed class SentenceEmbedderTests
{
    private SentenceEmbeddingGenerator _miniLm = null!;
    private SentenceEmbeddingGenerator _arctic = null!;

    [OneTimeSetUp]
    public void LoadModels()
    {
        _miniLm = new SentenceEmbeddingGenerator(SentenceModel.MiniLm);
        _arctic = new SentenceEmbeddingGenerator(SentenceModel.ArcticXs);
    }

    [OneTimeTearDown]
    public void DisposeModels()
    {
        _miniLm.Dispose();
        _arctic.Dispose();
    }

    [Test]
    public void TheFactoryMakesMiniLmAndArcticByName()
    {
        var factory = new EmbedderFactory();

        using var miniLm = factory.Create("minilm", []);
        using var arctic = factory.Create("arctic-xs", []);

        Assert.Multiple(() =>
        {
            Assert.That(miniLm.GetService<EmbeddingGeneratorMetadata>()!.DefaultModelId, Is.EqualTo("sentence-transformers/all-MiniLM-L6-v2"));
            Assert.That(arctic.GetService<EmbeddingGeneratorMetadata>()!.DefaultModelId, Is.EqualTo("Snowflake/snowflake-arctic-embed-xs"));
            Assert.That(EmbeddingWindow.Of(miniLm)!.Tokens, Is.EqualTo(256));
            Assert.That(EmbeddingWindow.Of(arctic)!.Tokens, Is.EqualTo(512));
        });
    }

    [Test]
    public void EveryEmbedderValidationAcceptsIsImplementedAndEverySentenceModelIsRegistered()
    {
        var factory = new EmbedderFactory();

        Assert.Multiple(() =>
        {
            Assert.That(BuiltInEmbedders.Names.Select(name => factory.Resolve(name).Handles(name)), Is.All.True);
            Assert.That(SentenceModel.All.Select(m => m.Name), Is.SubsetOf(BuiltInEmbedders.Names));
        });
    }

    [Test]
    public void TheIdentityNamesThePackageVersionAndTheModelFilesHash()
    {
        var identity = new SentenceEmbedderProvider().Identity("minilm");

        Assert.That(identity, Does.Match("^sentence:minilm:package=24\\.9\\.52193\\.0:sha256=[0-9a-f]{64}$"));
    }

    [Test]
    public async Task VectorsAre384DimensionalAndOfUnitLength()
    {
        var embeddings = await _miniLm.GenerateAsync(["Aspirin inhibits cyclooxygenase.", "Short."]);

        Assert.That(embeddings.Select(e => e.Vector.Length), Has.All.EqualTo(384));
        Assert.That(embeddings.Select(e => TensorPrimitives.Norm(e.Vector.Span)), Has.All.EqualTo(1).Within(1e-4));
    }

    [TestCase("minilm")]
    [TestCase("arctic-xs")]
    public async Task AParaphraseWithNoSharedWordIsNearerThanAnUnrelatedSentence(string name)
    {
        var embedder = name == "minilm" ? _miniLm : _arctic;
        var passages = await embedder.GenerateAsync(["A kitten is sleeping on the rug.", "Stock markets fell sharply on Monday."]);
        var query = await embedder.GenerateAsync(["Where does the cat nap?"], EmbeddingPurpose.QueryOptions);

        var cat = TensorPrimitives.CosineSimilarity(query[0].Vector.Span, passages[0].Vector.Span);
        var stocks = TensorPrimitives.CosineSimilarity(query[0].Vector.Span, passages[1].Vector.Span);

        Assert.That(cat, Is.GreaterThan(stocks + 0.1f));
    }

    [Test]
    public async Task ATextLongerThanTheWindowIsCutAtTheLastWordThatFitsAndCounted()
    {
        // "cat" is one word piece. 300 of them + [CLS] + [SEP] = 302 > 256, so 254 words are kept
        // (254 + 2 = 256); the text of 254 cats must embed exactly like the 300 cats.
        var generator = new SentenceEmbeddingGenerator(SentenceModel.MiniLm);
        var long300 = string.Join(' ', Enumerable.Repeat("cat", 300));
        var kept254 = string.Join(' ', Enumerable.Repeat("cat", 254));
        var window = EmbeddingWindow.Of(generator)!;

        var embeddings = await generator.GenerateAsync([long300, kept254, "a short one"]);

        Assert.Multiple(() =>
        {
            Assert.That(generator.CountTokens(long300), Is.EqualTo(302));
            Assert.That(window.Texts, Is.EqualTo(3));
            Assert.That(window.Truncated, Is.EqualTo(1));
            Assert.That(embeddings[0].Vector.ToArray(), Is.EqualTo(embeddings[1].Vector.ToArray()).Within(1e-5f));
        });
        generator.Dispose();
    }

    [Test]
    public async Task NewlinesAndTabsSeparateWordsLikeSpaces()
    {
        var embeddings = await _miniLm.GenerateAsync(["fever\nand\tcough", "fever and cough"]);

        Assert.That(embeddings[0].Vector.ToArray(), Is.EqualTo(embeddings[1].Vector.ToArray()).Within(1e-5f));
    }

    [Test]
    public async Task ATextEmbedsTheSameInABatchOfLongerTextsAsAlone()
    {
        var alone = await _miniLm.GenerateAsync(["Masks reduce transmission."]);
        var batched = await _miniLm.GenerateAsync(["Masks reduce transmission.", string.Join(' ', Enumerable.Repeat("the virus spreads by droplets", 30))]);

        Assert.That(batched[0].Vector.ToArray(), Is.EqualTo(alone[0].Vector.ToArray()).Within(1e-4f), "padding is masked out of the mean");
    }

    [Test]
    public async Task ArcticEmbedsAQueryWithItsInstructionPrefix()
    {
        var asQuery = await _arctic.GenerateAsync(["incubation period"], EmbeddingPurpose.QueryOptions);
        var prefixed = await _arctic.GenerateAsync([SentenceModel.ArcticXs.QueryPrefix + "incubation period"]);
        var plain = await _arctic.GenerateAsync(["incubation period"]);

        Assert.Multiple(() =>
        {
            Assert.That(asQuery[0].Vector.ToArray(), Is.EqualTo(prefixed[0].Vector.ToArray()).Within(1e-5f));
            Assert.That(asQuery[0].Vector.ToArray(), Is.Not.EqualTo(plain[0].Vector.ToArray()));
        });
    }

    [Test]
    public async Task FlatAndHnswIndexesOverTheSameChunksEmbedThemOnceAndReportTheWindow()
    {
        var root = Directory.CreateTempSubdirectory("index-cache-").FullName;
        var logger = new CapturingLogger();
        var builder = new RetrieverBuilder(new IndexCache(root, logger), new EmbedderFactory([new SentenceEmbedderProvider()]));
        var flat = new RetrieverDefinition { Kind = RetrieverKind.Dense, Embedder = "minilm", Chunk = new ChunkDefinition(ChunkUnit.Words, 12, 0) };
        try
        {
            using var first = await builder.BuildAsync(TestCorpus.Create(), flat, CancellationToken.None);
            using var second = await builder.BuildAsync(TestCorpus.Create(), flat with { Index = "HNSW32" }, CancellationToken.None);
            var found = await second.Retriever.RetrieveAsync("Which insect bite passes on the parasite?", 1, null, CancellationToken.None);

            Assert.Multiple(() =>
            {
                Assert.That(logger.Entries.Count(e => e.Message.StartsWith("Embedded ", StringComparison.Ordinal)), Is.EqualTo(1));
                Assert.That(first.Index.Embedding!.Chunks, Is.EqualTo(first.Index.ChunkCount));
                Assert.That(second.Index.Embedding, Is.EqualTo(first.Index.Embedding), "the second index used the cached embedding");
                Assert.That(first.Index.Embedding!.TruncationNote, Is.EqualTo($"0 of {first.Index.ChunkCount} chunks truncated to 256 tokens"));
                Assert.That(found[0].Passage.Text, Does.Contain("Anopheles"));
            });
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
