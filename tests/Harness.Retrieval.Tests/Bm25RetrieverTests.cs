using Harness.Retrieval.Bm25;
using Harness.Retrieval.Chunking;
using NUnit.Framework;

namespace Harness.Retrieval.Tests;

public sealed class Bm25RetrieverTests
{
    private string _directory = null!;
    private Bm25Retriever _retriever = null!;

    [OneTimeSetUp]
    public void BuildIndex()
    {
        _directory = Directory.CreateTempSubdirectory("bm25-").FullName;
        var chunks = new Chunker(chunk: null).Chunk(TestCorpus.Create());
        Bm25Retriever.Build(_directory, chunks);
        _retriever = Bm25Retriever.Open(_directory, chunks);
    }

    [OneTimeTearDown]
    public void DeleteIndex()
    {
        _retriever.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Test]
    public async Task TheMostRelevantPassageRanksFirst()
    {
        var results = await _retriever.RetrieveAsync("Which mosquitoes transmit malaria?", 3, null, CancellationToken.None);

        Assert.That(results[0].Passage.Id, Is.EqualTo("doc2-p0"));
        Assert.That(results.Select(r => r.Rank), Is.EqualTo(new[] { 1, 2, 3 }.Take(results.Count)));
        Assert.That(results.Select(r => r.Score), Is.Ordered.Descending);
    }

    [Test]
    public async Task PorterStemmingMatchesOtherFormsOfAWord()
    {
        var results = await _retriever.RetrieveAsync("vaccinated children", 1, null, CancellationToken.None);

        Assert.That(results[0].Passage.Id, Is.EqualTo("doc3-p2"));
    }

    [TestCase("\"spike protein")]
    [TestCase("spike* AND protein")]
    [TestCase("NEAR(spike protein, 2)")]
    [TestCase("text: spike OR -protein")]
    [TestCase("(spike) NOT (protein")]
    [TestCase("spike ^protein + \"\" {text}: AND OR NOT")]
    public async Task AQuestionWithFts5SyntaxRetrievesWithoutError(string question)
    {
        var results = await _retriever.RetrieveAsync(question, 3, null, CancellationToken.None);

        Assert.That(results, Is.Not.Empty);
        Assert.That(results[0].Passage.Id, Is.EqualTo("doc0-p1"));
    }

    [Test]
    public async Task OperatorsInAQuestionAreMatchedAsWordsNotObeyed()
    {
        // As syntax, "malaria NOT mosquitoes" would exclude the passage that has both words; as words it ranks it first.
        var results = await _retriever.RetrieveAsync("malaria NOT mosquitoes", 1, null, CancellationToken.None);

        Assert.That(results[0].Passage.Id, Is.EqualTo("doc2-p0"));
        Assert.That(Fts5Query.For("malaria NOT mosquitoes NEAR* (x:y)"), Is.EqualTo("\"malaria\" OR \"mosquitoes\" OR \"near\" OR \"x\" OR \"y\""));
    }

    [Test]
    public void FunctionWordsAreLeftOutUnlessTheQuestionHasNothingElse()
    {
        Assert.That(Fts5Query.For("What is the spike of the virus?"), Is.EqualTo("\"spike\" OR \"virus\""));
        Assert.That(Fts5Query.For("What is it?"), Is.EqualTo("\"what\" OR \"is\" OR \"it\""));
    }

    [Test]
    public async Task AQuestionWithoutWordsReturnsNothing()
    {
        var results = await _retriever.RetrieveAsync("?? *** \"\" ()", 5, null, CancellationToken.None);

        Assert.That(results, Is.Empty);
    }

    [Test]
    public async Task ADocumentScopeReturnsOnlyThatDocumentsChunks()
    {
        var results = await _retriever.RetrieveAsync("vaccine against influenza and tuberculosis", 5, "doc3", CancellationToken.None);

        Assert.That(results, Is.Not.Empty);
        Assert.That(results.Select(r => r.Passage.DocumentId), Is.All.EqualTo("doc3"));
    }
}
