using Harness.Core.Data;
using Harness.Metrics.Faithfulness.Semantic;
using Microsoft.Extensions.AI;

namespace Harness.Metrics.Tests.Faithfulness.Semantic;

public sealed class SupportFeaturesTests
{
    private const string Claim = "The incubation period is 2 to 14 days.";

    /// <summary>The claim embeds as (1e8, sixty-two ones, −1e8); any other text (the evidence window) as sixty-four ones.</summary>
    private sealed class LopsidedEmbedder : IEmbeddingGenerator<string, Embedding<float>>
    {
        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
            IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(values.Select(v => new Embedding<float>(v == Claim ? Lopsided() : Ones()))));

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }

        private static float[] Ones() => Enumerable.Repeat(1f, 64).ToArray();

        private static float[] Lopsided()
        {
            var x = Ones();
            x[0] = 1e8f;
            x[^1] = -1e8f;
            return x;
        }
    }

    [Test]
    public async Task TheSimilarityFeatureIsTheSameCosineOnEveryMachine()
    {
        Passage[] evidence = [new("p1", "d1", 0, 66, "The incubation period of the virus is 2 to 14 days after exposure.")];

        var (features, _) = await SupportFeatures.ComputeAsync(Claim, evidence, new LopsidedEmbedder(), CancellationToken.None);

        // Added in order: dot 1e8 + 62 − 1e8 = 62; norms 8 and √(1e16 + 1e16) = √2·1e8 (each 1 rounds away at 1e16);
        // cosine 62 / (8·√2·1e8) = 5.4800776e-8. A lane-wise float sum (TensorPrimitives) loses some of the ones, as many
        // as the CPU's vector width decides, and the calibrated score with them.
        Assert.That(features[^1], Is.EqualTo(5.4800776e-8).Within(1e-6).Percent);
    }
}
