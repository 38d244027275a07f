using System.Numerics.Tensors;
using Harness.Llama.AI;
using Harness.Llama.Embeddings;

namespace Harness.Llama.Tests;

[TestFixture]
[Category(TestModels.Category)]
public class EmbeddingTests
{
    private LlamaModel _model = null!;
    private LlamaEmbedder _embedder = null!;

    [OneTimeSetUp]
    public void LoadModel()
    {
        _model = LlamaModel.Load(TestModels.RequireBase());
        _embedder = new LlamaEmbedder(_model, 512, threads: 1);
    }

    [OneTimeTearDown]
    public void DisposeModel()
    {
        _embedder?.Dispose();
        _model?.Dispose();
    }

    [Test]
    public void EmbeddingHasTheModelsDimensionAndUnitLength()
    {
        var vector = _embedder.Embed("Tom has a red kite.");
        Assert.That(vector, Has.Length.EqualTo(64));
        Assert.That(TensorPrimitives.Norm(vector), Is.EqualTo(1f).Within(1e-5f));
    }

    [Test]
    public void SameTextGivesTheSameEmbeddingAndOtherTextsDiffer()
    {
        var first = _embedder.Embed("The cat sat on the mat.");
        var again = _embedder.Embed("The cat sat on the mat.");
        var other = _embedder.Embed("Lily went to the park with her mom.");
        Assert.That(again, Is.EqualTo(first));
        Assert.That(TensorPrimitives.CosineSimilarity(first, other), Is.LessThan(0.9999f));
    }

    [Test]
    public void TextLongerThanTheContextFailsWithTheTokenCounts()
    {
        var text = string.Join(' ', Enumerable.Repeat("the cat sat on the mat", 200));
        Assert.Throws<PromptTooLongException>(() => _embedder.Embed(text));
    }

    [Test]
    public async Task EmbeddingGeneratorReturnsOneUnitVectorPerText()
    {
        using var generator = new LlamaEmbeddingGenerator(_embedder);
        var embeddings = await generator.GenerateAsync(["one", "two", "three"]);
        Assert.That(embeddings, Has.Count.EqualTo(3));
        Assert.That(embeddings.Select(e => e.Vector.Length), Is.All.EqualTo(64));
        Assert.That(embeddings[1].Vector.ToArray(), Is.EqualTo(_embedder.Embed("two")));
        Assert.That(embeddings.Usage!.InputTokenCount, Is.GreaterThan(3));
    }
}
