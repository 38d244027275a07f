using Harness.Core.Caching;
using Harness.Core.Data;
using Harness.Core.Models;
using Harness.Core.Running;
using Harness.Core.Suites;
using Harness.Pipelines.Tests.Remote;
using Harness.Retrieval.Embeddings;
using Harness.Retrieval.Indexing;
using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;

namespace Harness.Pipelines.Tests;

/// <summary>Each pipeline kind is built by the factory registered for it; the factory reads no kind names of its own.</summary>
public sealed class PipelineFactoriesTests
{
    private string _indexes = "";

    [SetUp]
    public void CreateIndexFolder() => _indexes = Directory.CreateTempSubdirectory("harness-factories-").FullName;

    [TearDown]
    public void DeleteIndexFolder() => Directory.Delete(_indexes, recursive: true);

    [Test]
    public void EveryRegisteredPipelineKindHasAFactory() =>
        Assert.That(PipelineFactories.Kinds, Is.EquivalentTo(PipelineKinds.All.Select(k => k.Kind)));

    [Test]
    public async Task ExtractiveAndRemoteKindsAreBuiltAsTheirKindsAndAnswerWithAndWithoutPassages()
    {
        // The fake server answers by whether the prompt holds passages: the default RAG template starts "Context:".
        await using var server = new FakeOpenAIServer(prompt => prompt.StartsWith("Context:", StringComparison.Ordinal) ? "from passages" : "from memory");
        var remote = $"remote: {{ base_url: '{server.BaseUrl}', model: m }}";
        var read = SuiteReader.Parse("factories.yaml", $$"""
            name: factories
            dataset: inline
            pipelines:
              - { name: extract, kind: extractive, retriever: { kind: bm25, top_k: 1 } }
              - { name: remote-closed-book, kind: remote, {{remote}} }
              - { name: remote-rag, kind: remote, retriever: { kind: bm25, top_k: 1 }, {{remote}} }
            """);
        Assert.That(read.Problems, Is.Empty);
        const string text = "Kites fly in the wind. The red kite belongs to Tom.";
        var dataset = new Dataset("inline", new Corpus([new Document("story", text)], [new Passage("story#p0", "story", 0, text.Length, text)]),
            [new EvalCase { Id = "q1", Question = "Who owns the red kite?", DocumentId = "story" }]);
        var factory = new DefaultPipelineFactory(new ModelCatalog(), new IndexCache(_indexes, NullLogger.Instance), new EmbedderFactory(), NullLogger.Instance);

        var set = await factory.CreateAsync(read.Suite!, dataset, new RunOptions { Cache = CacheMode.Off }, CancellationToken.None);
        var answers = new List<string?>();
        foreach (var pipeline in set.Pipelines)
        {
            answers.Add((await pipeline.AnswerAsync(dataset.Cases, CancellationToken.None)).Single().Output?.Answer);
        }
        await set.DisposeAsync();

        Assert.Multiple(() =>
        {
            Assert.That(set.Pipelines.Select(p => (p.Name, p.Kind, p.Retrieves)), Is.EqualTo(new[]
            {
                ("extract", "extractive", true), ("remote-closed-book", "remote", false), ("remote-rag", "remote", true),
            }));
            // Extractive answers with the sentence sharing most content words with the question ("red", "kite").
            Assert.That(answers, Is.EqualTo(new[] { "The red kite belongs to Tom.", "from memory", "from passages" }));
        });
    }
}
