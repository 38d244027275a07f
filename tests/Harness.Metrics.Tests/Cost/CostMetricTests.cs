using Harness.Core.Costs;
using Harness.Core.Metrics;
using Harness.Core.Pipelines;
using Harness.Metrics.Cost;

namespace Harness.Metrics.Tests.Cost;

public sealed class CostMetricTests
{
    private static readonly CostRates _rates = new() { PerThousandPromptTokens = 0.5, PerThousandCompletionTokens = 1.5, PerGpuHour = 3.6 };

    [Test]
    public async Task CountsTokensAndWallTimeAndPricesThem()
    {
        var context = Contexts.For("an answer", timings: new StageTimings { Total = TimeSpan.FromSeconds(2) }, tokens: new TokenCounts(120, 24));

        var values = await new CostMetric(_rates).EvaluateAsync(context, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(values.Value("prompt_tokens").Value, Is.EqualTo(120));
            Assert.That(values.Value("completion_tokens").Value, Is.EqualTo(24));
            Assert.That(values.Value("wall_s").Value, Is.EqualTo(2.0));
            // 120/1000 · 0.5 + 24/1000 · 1.5 + 2/3600 · 3.6 = 0.06 + 0.036 + 0.002 = 0.098
            Assert.That(values.Value("cost_per_case").Value, Is.EqualTo(0.098).Within(1e-12));
        });
    }

    [Test]
    public async Task AReplayedAnswerHasTokensButNoWallTimeAndNoGpuPrice()
    {
        var context = Contexts.For("an answer", timings: new StageTimings { Total = TimeSpan.FromSeconds(2) }, tokens: new TokenCounts(120, 24), fromCache: true);

        var values = await new CostMetric(_rates).EvaluateAsync(context, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(values.Value("prompt_tokens").Value, Is.EqualTo(120));
            Assert.That(values.Value("wall_s").Status, Is.EqualTo(ValueStatus.Inconclusive));
            Assert.That(values.Value("cost_per_case").Status, Is.EqualTo(ValueStatus.Inconclusive));
        });
    }

    [Test]
    public void WithoutACostBlockThereIsNoMoneyMetric() =>
        Assert.That(new CostMetric().Descriptors.Select(d => d.Id), Is.EqualTo(new[] { "prompt_tokens", "completion_tokens", "wall_s" }));
}
