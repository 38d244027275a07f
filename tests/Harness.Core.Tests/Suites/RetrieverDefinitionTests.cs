using Harness.Core.Suites;
using NUnit.Framework;

namespace Harness.Core.Tests.Suites;

public sealed class RetrieverDefinitionTests
{
    [Test]
    public void EveryMistakeInADefinitionIsReportedNotJustTheFirst()
    {
        // Four mistakes: a chunk of 0 words with a negative overlap, top_k 0 and rrf_k -1.
        var definition = new RetrieverDefinition { TopK = 0, RrfK = -1, Chunk = new ChunkDefinition(ChunkUnit.Words, 0, -1) };

        Assert.Multiple(() =>
        {
            Assert.That(definition.Problems().Select(p => p.Setting), Is.EqualTo(new[] { "chunk.words", "chunk.overlap", "top_k", "rrf_k" }));
            Assert.That(definition.Validate, Throws.ArgumentException
                .With.Message.EqualTo("'words' must be at least 1, got 0; 'overlap' must be at least 0 and smaller than 'words' (0), got -1; "
                    + "'top_k' must be at least 1, got 0; 'rrf_k' must be at least 0, got -1"));
        });
    }

    [Test]
    public void ASuiteReportsTwoMistakesInOneRetrieverEachAtItsPosition()
    {
        // Line 6 is "    retriever: { kind: bm25, top_k: 0, chunk: { words: 20, overlap: 20 } }": counting from 1,
        // the 0 of top_k stands in column 37 and the overlap's 20 in column 69.
        var problems = SuiteReader.Parse("suite.yaml", """
            name: two
            dataset: toyqa
            pipelines:
              - name: a
                kind: rag
                retriever: { kind: bm25, top_k: 0, chunk: { words: 20, overlap: 20 } }
            """).Problems.Select(p => p.ToString()).ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(problems, Has.Some.EqualTo("suite.yaml:6:37: error: 'top_k' must be at least 1, got 0"));
            Assert.That(problems, Has.Some.EqualTo("suite.yaml:6:69: error: 'overlap' must be at least 0 and smaller than 'words' (20), got 20"));
        });
    }
}
