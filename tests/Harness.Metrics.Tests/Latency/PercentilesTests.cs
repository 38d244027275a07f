using Harness.Core.Metrics;
using Harness.Metrics.Latency;

namespace Harness.Metrics.Tests.Latency;

public sealed class PercentilesTests
{
    // Linear between closest ranks: h = (n - 1)·p/100 over the sorted 10 20 30 40 50 (n = 5).
    [TestCase(50, 30.0)] // h = 2: the 3rd value
    [TestCase(95, 48.0)] // h = 3.8: 40 + 0.8·(50 - 40)
    [TestCase(20, 18.0)] // h = 0.8: 10 + 0.8·(20 - 10)
    [TestCase(0, 10.0)]
    [TestCase(100, 50.0)]
    public void InterpolatesBetweenClosestRanks(double percentile, double expected) =>
        Assert.That(Percentiles.Of([40, 10, 50, 30, 20], percentile), Is.EqualTo(expected).Within(1e-9));

    [Test]
    public void HasNoPercentileOfNothing() =>
        Assert.That(Percentiles.Of([], 50), Is.Null);

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

        // 1..100 remain: h = 99·p, so p50 = 50 + 0.5, p95 = 95 + 0.05, p99 = 99 + 0.01
        Assert.That(summary.Count, Is.EqualTo(100));
        Assert.That(summary.P50, Is.EqualTo(50.5).Within(1e-9));
        Assert.That(summary.P95, Is.EqualTo(95.05).Within(1e-9));
        Assert.That(summary.P99, Is.EqualTo(99.01).Within(1e-9));
    }

    [Test]
    public void SummarisesNothingWhenOnlyWarmUpWasMeasured() =>
        Assert.That(Percentiles.Summarize([MetricValue.Ok("ttft_ms", 5)], Percentiles.DefaultWarmUp), Is.EqualTo(new PercentileSummary(null, null, null, 0)));
}
