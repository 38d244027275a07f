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
    public async Task AnEmptyAnswerIsInconclusive()
    {
        var values = await new RelevanceMetric(_embedder).EvaluateAsync(Contexts.For(" ", ["Paris"]), CancellationToken.None);

        Assert.That(values.Select(v => v.Status), Is.All.EqualTo(ValueStatus.Inconclusive));
    }
}
