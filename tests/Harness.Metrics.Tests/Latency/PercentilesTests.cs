using Harness.Core.Metrics;
using Harness.Metrics.Latency;

namespace Harness.Metrics.Tests.Latency;

public sealed class PercentilesTests
{
    // Nearest rank: rank = ceil(p/100 · n), 1-based, over the sorted values.
    [TestCase(50, 30.0)] // ceil(0.5·5) = 3rd of 10 20 30 40 50
    [TestCase(95, 50.0)] // ceil(4.75) = 5th
    [TestCase(20, 10.0)] // ceil(1.0) = 1st
    [TestCase(21, 20.0)] // ceil(1.05) = 2nd
    [TestCase(100, 50.0)]
    public void TakesTheNearestRank(double percentile, double expected) =>
        Assert.That(Percentiles.NearestRank([40, 10, 50, 30, 20], percentile), Is.EqualTo(expected));

    [Test]
    public void HasNoPercentileOfNothing() =>
        Assert.That(Percentiles.NearestRank([], 50), Is.Null);

    [Test]
    public void ExcludesTheFirstMeasuredValuesAsWarmUp()
    {
        MetricValue[] inRunOrder =
        [
            MetricValue.Inconclusive("latency_total_ms", "answer replayed from cache"),
            MetricValue.Ok("latency_total_ms", 900), // the first measured answer: warm-up
            .. Enumerable.Range(1, 100).Select(i => MetricValue.Ok("latency_total_ms", i)),
            MetricValue.Error("latency_total_ms", "negative duration"),
        ];

        var summary = Percentiles.Summarize(inRunOrder, warmUp: 1);

        // 1..100 remain: p50 = 50th, p95 = 95th, p99 = 99th value
        Assert.That(summary, Is.EqualTo(new PercentileSummary(50, 95, 99, 100)));
    }

    [Test]
    public void SummarisesNothingWhenOnlyWarmUpWasMeasured() =>
        Assert.That(Percentiles.Summarize([MetricValue.Ok("ttft_ms", 5)], Percentiles.DefaultWarmUp), Is.EqualTo(new PercentileSummary(null, null, null, 0)));
}
