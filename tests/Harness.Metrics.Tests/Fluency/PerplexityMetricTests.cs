using Harness.Core.Metrics;
using Harness.Core.Models;
using Harness.Metrics.Fluency;

namespace Harness.Metrics.Tests.Fluency;

public sealed class PerplexityMetricTests
{
    /// <summary>A model that gives every text the same token probabilities.</summary>
    private sealed class FixedModel(params double[] probabilities) : ITokenLogProbabilities
    {
        public string Name => "fixed";

        public ValueTask<IReadOnlyList<double>> ScoreAsync(string text, CancellationToken cancellationToken) =>
            ValueTask.FromResult<IReadOnlyList<double>>([.. probabilities.Select(p => Math.Log(p))]);
    }

    [Test]
    public async Task PerplexityIsTheExponentOfTheMeanNegativeLogProbability()
    {
        // p = (1/2, 1/4): exp(-(ln 1/2 + ln 1/4)/2) = exp((0.693147 + 1.386294)/2) = exp(1.039721) = 2.828427 = √8
        var values = await new PerplexityMetric(new FixedModel(0.5, 0.25)).EvaluateAsync(Contexts.For("an answer"), CancellationToken.None);

        Assert.That(values.Value("perplexity").Value, Is.EqualTo(Math.Sqrt(8)).Within(1e-12));
    }

    [Test]
    public async Task ACertainModelHasPerplexityOne()
    {
        var values = await new PerplexityMetric(new FixedModel(1, 1, 1)).EvaluateAsync(Contexts.For("an answer"), CancellationToken.None);

        Assert.That(values.Value("perplexity").Value, Is.EqualTo(1.0));
    }

    [TestCase("")]
    [TestCase("   ")]
    public async Task AnEmptyAnswerIsInconclusive(string answer)
    {
        var values = await new PerplexityMetric(new FixedModel(0.5)).EvaluateAsync(Contexts.For(answer), CancellationToken.None);

        Assert.That(values.Value("perplexity").Status, Is.EqualTo(ValueStatus.Inconclusive));
    }
}
