using Harness.Core;
using Harness.Core.Suites;
using Harness.Retrieval.Chunking;
using Harness.Retrieval.Embeddings;
using Harness.Retrieval.Indexing;
using Harness.Retrieval.Retrievers;
using NUnit.Framework;

namespace Harness.Retrieval.Tests;

/// <summary>Dense retrieval with a GGUF embedding model through Harness.Llama (the mirror's stories260K).</summary>
[Category("model")]
public sealed class ModelEmbedderTests
{
    private const string Model = "stories260K";

    private string _root = null!;
    private CapturingLogger _logger = null!;

    [SetUp]
    public void CreateCache()
    {
        var file = Path.Combine(RepositoryPaths.Cache, "models", "stories260K.gguf");
        if (!File.Exists(file))
        {
            Assert.Ignore($"{file} is absent - run native/bootstrap.sh (the model comes from the mirror named by models/stories260K.yaml)");
        }
        _root = Directory.CreateTempSubdirectory("model-index-").FullName;
        _logger = new CapturingLogger();
    }

    [TearDown]
    public void DeleteCache()
    {
        if (_root is not null && Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Test]
    public async Task AModelCardNameBuildsADenseIndexThatIsReusedAndAnswersTheSameWay()
    {
        var builder = new RetrieverBuilder(new IndexCache(_root, _logger), new EmbedderFactory());
        var options = new RetrieverDefinition { Kind = RetrieverKind.Dense, Embedder = Model, Chunk = null };

        IReadOnlyList<string> first;
        using (var built = await builder.BuildAsync(TestCorpus.Create(), options, CancellationToken.None))
        {
            Assert.That(built.Index.Reused, Is.False);
            first = (await built.Retriever.RetrieveAsync("Tom has a red kite.", 3, null, CancellationToken.None)).Select(r => r.Passage.Id).ToArray();
        }
        using var again = await builder.BuildAsync(TestCorpus.Create(), options, CancellationToken.None);
        var second = (await again.Retriever.RetrieveAsync("Tom has a red kite.", 3, null, CancellationToken.None)).Select(r => r.Passage.Id).ToArray();

        Assert.That(again.Index.Reused, Is.True);
        Assert.That(first, Has.Count.EqualTo(3));
        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public void TheModelsTokenizerSizesTheChunks()
    {
        using var model = Harness.Llama.LlamaModel.Load(Path.Combine(RepositoryPaths.Cache, "models", "stories260K.gguf"));
        var counter = new ModelTokenCounter(Model, model);
        var chunker = new Chunker(new ChunkDefinition(ChunkUnit.Tokens, 40, 0), counter);

        var chunks = chunker.Chunk(TestCorpus.Create());

        // stories260K's 512-token vocabulary splits words into pieces: more chunks than the corpus has sentences.
        Assert.That(chunks, Has.Count.GreaterThan(TestCorpus.Create().Passages.Count));
        Assert.That(chunks.Select(c => counter.Count(c.Text)), Is.All.LessThanOrEqualTo(40 + 2), "sums of sentence counts may differ by a token at a join");
        Assert.That(chunker.Description, Does.EndWith($"tokenizer=model:{Model}"));
    }

    [Test]
    public void TheModelsSha256IsPartOfTheCacheIdentity()
    {
        var provider = new ModelEmbedderProvider();

        Assert.That(provider.Handles(Model), Is.True);
        Assert.That(provider.Identity(Model), Does.StartWith($"model:{Model}:sha256=").And.Length.GreaterThan(70));
    }

    [Test]
    public void AMisspelledModelNameSuggestsTheCard()
    {
        var error = Assert.Throws<ArgumentException>(() => new EmbedderFactory().Resolve("storis260K"));

        Assert.That(error!.Message, Does.Contain($"did you mean '{Model}'"));
    }
}
