using Harness.Core.Data;
using Harness.Core.Suites;
using Harness.Retrieval.Chunking;
using NUnit.Framework;

namespace Harness.Retrieval.Tests;

public sealed class ChunkerTests
{
    private const string Text =
        "One two three four. Five six seven eight. Nine ten eleven twelve.\nThirteen fourteen fifteen sixteen. Seventeen eighteen.";

    [Test]
    public void EveryChunkIsTheExactSpanOfItsDocument()
    {
        var chunks = Chunk(new ChunkDefinition(ChunkUnit.Words, 8, 4));

        Assert.That(chunks, Is.Not.Empty);
        foreach (var chunk in chunks)
        {
            Assert.That(chunk.Text, Is.EqualTo(Text[chunk.Start..chunk.End]));
            Assert.That(chunk.DocumentId, Is.EqualTo("d"));
        }
    }

    [Test]
    public void ChunksPackWholeSentencesAndRepeatTheOverlap()
    {
        // Sentences of 4, 4, 4, 4 and 2 words; 8-token windows with a 4-token overlap step one sentence at a time.
        var chunks = Chunk(new ChunkDefinition(ChunkUnit.Words, 8, 4));

        Assert.That(chunks.Select(c => c.Text), Is.EqualTo(new[]
        {
            "One two three four. Five six seven eight.",
            "Five six seven eight. Nine ten eleven twelve.",
            "Nine ten eleven twelve.\nThirteen fourteen fifteen sixteen.",
            "Thirteen fourteen fifteen sixteen. Seventeen eighteen.",
        }));
        Assert.That(chunks.Select(c => c.Id), Is.EqualTo(new[] { "d#c0", "d#c1", "d#c2", "d#c3" }));
    }

    [Test]
    public void WithoutOverlapChunksTileTheText()
    {
        var chunks = Chunk(new ChunkDefinition(ChunkUnit.Words, 8, 0));

        Assert.That(chunks.Select(c => c.Text), Is.EqualTo(new[]
        {
            "One two three four. Five six seven eight.",
            "Nine ten eleven twelve.\nThirteen fourteen fifteen sixteen.",
            "Seventeen eighteen.",
        }));
    }

    [Test]
    public void ASentenceLongerThanAChunkIsCutAtWords()
    {
        var chunks = Chunk(new ChunkDefinition(ChunkUnit.Words, 3, 0));

        Assert.That(chunks.Take(2).Select(c => c.Text), Is.EqualTo(new[] { "One two three", "four." }));
        Assert.That(chunks.All(c => WordTokenCounter.Instance.Count(c.Text) <= 3), Is.True);
    }

    [Test]
    public void AnAbbreviationFollowedByLowerCaseDoesNotEndASentence()
    {
        var document = new Document("d", "Use e.g. masks daily. Then wash hands.");
        var chunks = new Chunker(new ChunkDefinition(ChunkUnit.Words, 4, 0)).ChunkDocument(document).ToArray();

        Assert.That(chunks.Select(c => c.Text), Is.EqualTo(new[] { "Use e.g. masks daily.", "Then wash hands." }));
    }

    [Test]
    public void ChunkWordsAreCountedAsWordsWhateverTokenizerIsGiven()
    {
        var characters = new DelegateTokenCounter("chars", text => text.Length);

        Assert.That(new Chunker(new ChunkDefinition(ChunkUnit.Words, 8, 0), characters).Description, Is.EqualTo("words=8,overlap=0,tokenizer=word"));
    }

    [Test]
    public void ChunkTokensWithoutATokenizerAreAnErrorThatNamesTheFix() =>
        Assert.That(() => new Chunker(new ChunkDefinition(ChunkUnit.Tokens, 64, 0)),
            Throws.ArgumentException.With.Message.Contains("count words (chunk: { words: 64 })"));

    [Test]
    public void ATitleAbbreviationDoesNotEndASentence()
    {
        // The chunker cuts where the claim splitter does: sentences of 2 and 3 words ("Dr. Lee came."),
        // 2 + 3 > 3, so each is a chunk; a cut after "Dr." would have packed "It rained. Dr." (2 + 1 words).
        var document = new Document("d", "It rained. Dr. Lee came.");
        var chunks = new Chunker(new ChunkDefinition(ChunkUnit.Words, 3, 0)).ChunkDocument(document).ToArray();

        Assert.That(chunks.Select(c => c.Text), Is.EqualTo(new[] { "It rained.", "Dr. Lee came." }));
    }

    [Test]
    public void APluggedTokenizerDecidesTheChunkSize()
    {
        // Counting characters: the 19-, 21- and 23-character sentences fill a 25-token chunk each; the
        // 34-character one is cut into "Thirteen fourteen fifteen" (8 + 8 + 7 = 23) and "sixteen." (8),
        // which cannot share a chunk with "Seventeen eighteen." (19): 6 chunks.
        var characters = new DelegateTokenCounter("chars", text => text.Length);
        var chunks = new Chunker(new ChunkDefinition(ChunkUnit.Tokens, 25, 0), characters)
            .ChunkDocument(new Document("d", Text)).ToArray();

        Assert.That(chunks, Has.Length.EqualTo(6));
        Assert.That(new Chunker(new ChunkDefinition(ChunkUnit.Tokens, 25, 0), characters).Description, Does.Contain("tokenizer=chars"));
    }

    [Test]
    public void PassagesModeUsesTheDatasetsOwnPassages()
    {
        var corpus = TestCorpus.Create();

        var chunks = new Chunker(chunk: null).Chunk(corpus);

        Assert.That(chunks, Is.EqualTo(corpus.Passages));
    }

    [Test]
    public void ChunksOverlapTheGoldSpanTheyContain()
    {
        var corpus = TestCorpus.Create();
        var chunks = new Chunker(new ChunkDefinition(ChunkUnit.Words, 12, 0)).Chunk(corpus);
        var document = corpus.FindDocument("doc2")!;
        var start = document.Text.IndexOf("Anopheles", StringComparison.Ordinal);
        var gold = new EvidenceSpan("doc2", start, start + "Anopheles".Length);

        var overlapping = chunks.Where(c => c.Overlaps(gold)).ToArray();

        Assert.That(overlapping, Has.Length.EqualTo(1));
        Assert.That(overlapping[0].Text, Does.Contain("Anopheles"));
    }

    private static Passage[] Chunk(ChunkDefinition options) =>
        new Chunker(options).ChunkDocument(new Document("d", Text)).ToArray();
}
