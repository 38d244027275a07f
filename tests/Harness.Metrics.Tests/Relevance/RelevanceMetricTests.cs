using Harness.Core.Metrics;
using Harness.Metrics.Relevance;
using Microsoft.Extensions.AI;

namespace Harness.Metrics.Tests.Relevance;

/// <summary>With a fake embedder of fixed vectors; real numbers need a sentence embedder such as MiniLM.</summary>
public sealed class RelevanceMetricTests
{
    /// <summary>Deterministic: each known text has a fixed 2-d vector, anything else (0, 0).</summary>
    private sealed class FakeEmbedder(Dictionary<string, float[]> vectors) : IEmbeddingGenerator<string, Embedding<float>>
    {
        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
            IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(values.Select(v => new Embedding<float>(vectors.GetValueOrDefault(v, [0f, 0f])))));

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }

    private static readonly FakeEmbedder _embedder = new(new()
    {
        ["Paris"] = [1, 0],
        ["paris, france"] = [1, 1],
        ["Lyon"] = [0, 1],
        ["a question"] = [3, 4],
    });

    [Test]
    public async Task ScoresCosinesOfAnswerWithReferenceAndWithQuestion()
    {
        // answer (1, 0); references (1, 1) → 1/√2 = 0.707107 and (0, 1) → 0, best 0.707107; question (3, 4) → 3/5 = 0.6
        var values = await new RelevanceMetric(_embedder).EvaluateAsync(Contexts.For("Paris", ["paris, france", "Lyon"]), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(values.Value("semantic_similarity").Value, Is.EqualTo(1 / Math.Sqrt(2)).Within(1e-6));
            Assert.That(values.Value("answer_relevance").Value, Is.EqualTo(0.6).Within(1e-6));
        });
    }

    [Test]
    public async Task WithoutAReferenceOnlyAnswerRelevanceIsScored()
    {
        var values = await new RelevanceMetric(_embedder).EvaluateAsync(Contexts.For("Paris"), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(values.Value("semantic_similarity").Status, Is.EqualTo(ValueStatus.Inconclusive));
            Assert.That(values.Value("answer_relevance").Value, Is.EqualTo(0.6).Within(1e-6));
        });
    }

    [Test]
    public async Task AnAnswerTheEmbedderKnowsNothingAboutHasCosineZero()
    {
        var values = await new RelevanceMetric(_embedder).EvaluateAsync(Contexts.For("unknown words", ["Paris"]), CancellationToken.None);

        Assert.That(values.Value("semantic_similarity").Value, Is.Zero);
    }

    [Test]
    public async Task AnswerRelevanceCountsEveryElementWhateverTheMachinesVectorWidth()
    {
        // answer (1e8, sixty-two ones, −1e8), question sixty-four ones. Added in order: dot 1e8 + 62 − 1e8 = 62;
        // ‖question‖ = 8; ‖answer‖² = 1e16 + 1e16 (each 1 rounds away at 1e16, where doubles are 2 apart) = 2e16.
        // Cosine 62 / (8·√2·1e8) = 5.4800776e-8. TensorPrimitives' lane-wise float sums lost some of the ones, how many
        // depending on the CPU's vector width (dot 48 with AVX-512, 56 with AVX2: 10-20% off, and not the same number on two machines).
        var answer = Enumerable.Repeat(1f, 64).ToArray();
        answer[0] = 1e8f;
        answer[^1] = -1e8f;
        var embedder = new FakeEmbedder(new() { ["lopsided"] = answer, ["a question"] = Enumerable.Repeat(1f, 64).ToArray() });

        var values = await new RelevanceMetric(embedder).EvaluateAsync(Contexts.For("lopsided"), CancellationToken.None);

        Assert.That(values.Value("answer_relevance").Value, Is.EqualTo(5.4800776e-8).Within(1e-6).Percent);
    }

    [Test]
    public async Task AnEmptyAnswerIsInconclusive()
    {
        var values = await new RelevanceMetric(_embedder).EvaluateAsync(Contexts.For(" ", ["Paris"]), CancellationToken.None);

        Assert.That(values.Select(v => v.Status), Is.All.EqualTo(ValueStatus.Inconclusive));
    }
}
