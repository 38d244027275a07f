using Harness.Core.Suites;
using Harness.Retrieval.Embeddings;
using Harness.Retrieval.Indexing;
using Harness.Retrieval.Retrievers;
using NUnit.Framework;

namespace Harness.Retrieval.Tests;

public sealed class RetrieverBuilderTests
{
    private static readonly RetrieverDefinition _dense = new()
    {
        Kind = RetrieverKind.Dense,
        Chunk = new ChunkDefinition(ChunkUnit.Words, 12, 0),
        Index = "Flat",
    };

    private string _root = null!;
    private CapturingLogger _logger = null!;
    private RetrieverBuilder _builder = null!;

    [SetUp]
    public void CreateCache()
    {
        _root = Directory.CreateTempSubdirectory("index-cache-").FullName;
        _logger = new CapturingLogger();
        _builder = new RetrieverBuilder(new IndexCache(_root, _logger), new EmbedderFactory([new LsaEmbedderProvider(new LsaOptions { Dimension = 8 })]));
    }

    [TearDown]
    public void DeleteCache() => Directory.Delete(_root, recursive: true);

    [Test]
    public async Task TheSecondBuildReusesTheCachedIndex()
    {
        using var first = await _builder.BuildAsync(TestCorpus.Create(), _dense, CancellationToken.None);
        var written = File.GetLastWriteTimeUtc(Path.Combine(first.Index.Directories[0], DenseRetriever.IndexFile));

        using var second = await _builder.BuildAsync(TestCorpus.Create(), _dense, CancellationToken.None);

        Assert.That(first.Index.Reused, Is.False);
        Assert.That(second.Index.Reused, Is.True);
        Assert.That(second.Index.Directories, Is.EqualTo(first.Index.Directories));
        Assert.That(File.GetLastWriteTimeUtc(Path.Combine(second.Index.Directories[0], DenseRetriever.IndexFile)), Is.EqualTo(written));
        Assert.That(_logger.Warnings, Is.Empty);
    }

    [TestCase(DenseRetriever.IndexFile)]
    [TestCase(DenseRetriever.VectorsFile)]
    [TestCase("lsa.bin")]
    [TestCase("manifest.json")]
    public async Task ATruncatedCachedFileIsRebuiltWithAWarning(string file)
    {
        string directory;
        IReadOnlyList<string> expected;
        using (var first = await _builder.BuildAsync(TestCorpus.Create(), _dense, CancellationToken.None))
        {
            directory = first.Index.Directories[0];
            expected = await Ids(first.Retriever);
        }
        using (var stream = new FileStream(Path.Combine(directory, file), FileMode.Open))
        {
            stream.SetLength(stream.Length / 2);
        }

        using var rebuilt = await _builder.BuildAsync(TestCorpus.Create(), _dense, CancellationToken.None);

        Assert.That(rebuilt.Index.Reused, Is.False);
        Assert.That(_logger.Warnings.Single(), Does.Contain("rebuilding"));
        Assert.That(await Ids(rebuilt.Retriever), Is.EqualTo(expected));
        Assert.That(new FileInfo(Path.Combine(directory, file)).Length, Is.GreaterThan(0));
    }

    [Test]
    public async Task AFileAlteredToTheSameSizeIsCaughtByItsChecksum()
    {
        using (var first = await _builder.BuildAsync(TestCorpus.Create(), new RetrieverDefinition { Kind = RetrieverKind.Bm25 }, CancellationToken.None))
        {
            var path = Path.Combine(first.Index.Directories[0], "bm25.sqlite");
            var bytes = await File.ReadAllBytesAsync(path);
            bytes[^1] ^= 0xFF;
            await File.WriteAllBytesAsync(path, bytes);
        }

        using var rebuilt = await _builder.BuildAsync(TestCorpus.Create(), new RetrieverDefinition { Kind = RetrieverKind.Bm25 }, CancellationToken.None);

        Assert.That(rebuilt.Index.Reused, Is.False);
        Assert.That(_logger.Warnings.Single(), Does.Contain("sha256"));
    }

    [Test]
    public async Task DifferentChunkingOrFactoryStringsGetDifferentIndexes()
    {
        using var flat = await _builder.BuildAsync(TestCorpus.Create(), _dense, CancellationToken.None);
        using var hnsw = await _builder.BuildAsync(TestCorpus.Create(), _dense with { Index = "HNSW32" }, CancellationToken.None);
        using var passages = await _builder.BuildAsync(TestCorpus.Create(), _dense with { Chunk = null }, CancellationToken.None);

        Assert.That(new[] { flat, hnsw, passages }.Select(b => b.Index.Directories[0]).Distinct().Count(), Is.EqualTo(3));
        Assert.That(new[] { flat, hnsw, passages }.Select(b => b.Index.Reused), Is.All.False);
    }

    [TestCase(RetrieverKind.Bm25)]
    [TestCase(RetrieverKind.Dense)]
    [TestCase(RetrieverKind.Hybrid)]
    public async Task EveryKindFindsThePassageAboutTheQuestion(RetrieverKind kind)
    {
        using var built = await _builder.BuildAsync(TestCorpus.Create(), _dense with { Kind = kind }, CancellationToken.None);

        var results = await built.Retriever.RetrieveAsync("Which mosquitoes transmit malaria?", 3, null, CancellationToken.None);

        Assert.That(results[0].Passage.Text, Does.Contain("Anopheles"));
    }

    [TestCase(RetrieverKind.Dense)]
    [TestCase(RetrieverKind.Hybrid)]
    public async Task ADocumentScopeKeepsResultsInsideTheDocument(RetrieverKind kind)
    {
        using var built = await _builder.BuildAsync(TestCorpus.Create(), _dense with { Kind = kind }, CancellationToken.None);

        var results = await built.Retriever.RetrieveAsync("vaccine against influenza", 5, "doc3", CancellationToken.None);

        Assert.That(results, Has.Count.EqualTo(3));
        Assert.That(results.Select(r => r.Passage.DocumentId), Is.All.EqualTo("doc3"));
        Assert.That(results.Select(r => r.Score), Is.Ordered.Descending);
    }

    [Test]
    public async Task AnL2IndexScoresByNegativeSquaredDistance()
    {
        using var built = await _builder.BuildAsync(TestCorpus.Create(), _dense with { Metric = VectorMetric.L2 }, CancellationToken.None);

        var results = await built.Retriever.RetrieveAsync("Anopheles mosquitoes malaria", 3, null, CancellationToken.None);
        var scoped = await built.Retriever.RetrieveAsync("Anopheles mosquitoes malaria", 3, "doc2", CancellationToken.None);

        Assert.That(results.Select(r => r.Score), Is.All.LessThanOrEqualTo(0));
        Assert.That(results.Select(r => r.Score), Is.Ordered.Descending);
        Assert.That(scoped[0].Score, Is.EqualTo(results[0].Score).Within(1e-4));
    }

    [Test]
    public async Task FoldersOfAbandonedBuildsAreRemovedOnTheNextBuild()
    {
        var abandoned = Directory.CreateDirectory(Path.Combine(_root, ".dense-0123456789abcdef.0000.tmp"));
        abandoned.LastWriteTimeUtc = DateTime.UtcNow - TimeSpan.FromDays(1);
        var recent = Directory.CreateDirectory(Path.Combine(_root, ".dense-fedcba9876543210.1111.tmp"));

        using var built = await _builder.BuildAsync(TestCorpus.Create(), _dense, CancellationToken.None);

        Assert.That(Directory.Exists(abandoned.FullName), Is.False);
        Assert.That(Directory.Exists(recent.FullName), Is.True, "a folder another process may still be building into is kept");
    }

    private static async Task<IReadOnlyList<string>> Ids(IRetriever retriever) =>
        (await retriever.RetrieveAsync("influenza vaccine", 5, null, CancellationToken.None)).Select(r => r.Passage.Id).ToArray();
}
