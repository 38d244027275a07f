using Harness.Core.Metrics;
using Harness.Core.Results;
using Harness.Core.Statistics;
using NUnit.Framework;

namespace Harness.Core.Tests.Statistics;

public sealed class MetricSummariesTests
{
    private static readonly MetricDescriptor _recall = new("recall@5", "Recall@5", "retrieval", "", HigherIsBetter: true);
    private static readonly MetricDescriptor _latency = new("latency_ms", "Latency", "latency", "ms", HigherIsBetter: false);

    [Test]
    public void MeanUsesOkValuesOnlyAndCountsTheOthers()
    {
        CaseResult[] results =
        [
            new("c1", "rag", null, null, [MetricValue.Ok("recall@5", 1.0)]),
            new("c2", "rag", null, null, [MetricValue.Ok("recall@5", 0.0)]),
            new("c3", "rag", null, null, [MetricValue.Inconclusive("recall@5", "no gold evidence")]),
            new("c4", "rag", null, null, [MetricValue.Error("recall@5", "metric threw")]),
            new("c5", "rag", null, "generation failed", []),
        ];

        var summary = MetricSummaries.Compute(results, [_recall], seed: 1).Single();

        Assert.Multiple(() =>
        {
            Assert.That(summary.Mean, Is.EqualTo(0.5));
            Assert.That(summary.N, Is.EqualTo(2));
            Assert.That(summary.NInconclusive, Is.EqualTo(1));
            Assert.That(summary.NError, Is.EqualTo(2));
            Assert.That(summary.CiLow, Is.EqualTo(0.0));
            Assert.That(summary.CiHigh, Is.EqualTo(1.0));
        });
    }

    [Test]
    public void AProportionGetsAClopperPearsonIntervalAndASmallSampleFlag()
    {
        // 8 hits of 8: the percentile bootstrap would say [1, 1]; Clopper–Pearson says [0.025^(1/8), 1] = [0.630583, 1].
        var hit = new MetricDescriptor("hit@5", "Hit@5", "retrieval", "", HigherIsBetter: true, Proportion: true);
        var results = Enumerable.Range(1, 8).Select(i => new CaseResult($"c{i}", "rag", null, null, [MetricValue.Ok("hit@5", 1.0)])).ToArray();

        var summary = MetricSummaries.Compute(results, [hit], seed: 1).Single();

        Assert.Multiple(() =>
        {
            Assert.That(summary.Mean, Is.EqualTo(1.0));
            Assert.That(summary.CiLow, Is.EqualTo(0.630583).Within(1e-6));
            Assert.That(summary.CiHigh, Is.EqualTo(1.0));
            Assert.That(summary.Interval, Is.EqualTo(MetricIntervals.ClopperPearson));
            Assert.That(summary.SmallSample, Is.True, "8 values are fewer than the minimum n of 10");
        });
    }

    [Test]
    public void TenValuesAreNotASmallSampleAndAContinuousMetricIsBootstrapped()
    {
        var results = Enumerable.Range(1, 10).Select(i => new CaseResult($"c{i}", "rag", null, null, [MetricValue.Ok("recall@5", i / 10.0)])).ToArray();

        var summary = MetricSummaries.Compute(results, [_recall], seed: 1).Single();

        Assert.Multiple(() =>
        {
            Assert.That(summary.SmallSample, Is.False);
            Assert.That(summary.Interval, Is.EqualTo(MetricIntervals.BcaBootstrap));
        });
    }

    [Test]
    public void LatencySummariesCarryPercentiles()
    {
        var results = Enumerable.Range(1, 100)
            .Select(i => new CaseResult($"c{i}", "rag", null, null, [MetricValue.Ok("latency_ms", i)]))
            .ToArray();

        var summary = MetricSummaries.Compute(results, [_latency], seed: 1).Single();

        Assert.Multiple(() =>
        {
            Assert.That(summary.P50, Is.EqualTo(50.5).Within(1e-9));
            Assert.That(summary.P95, Is.EqualTo(95.05).Within(1e-9));
            Assert.That(summary.P99, Is.EqualTo(99.01).Within(1e-9));
        });
    }

    [Test]
    public void MetricsAPipelineDoesNotProduceGetNoSummary()
    {
        CaseResult[] results =
        [
            new("c1", "closed-book", null, null, [MetricValue.Ok("token_f1", 0.5)]),
        ];

        Assert.That(MetricSummaries.Compute(results, [_recall], seed: 1), Is.Empty);
    }

    [Test]
    public void AFailedCaseCountsAsAnErrorOnlyForMetricsItsPipelineProduces()
    {
        CaseResult[] results =
        [
            new("c1", "closed-book", null, null, [MetricValue.Ok("token_f1", 0.5)]),
            new("c2", "closed-book", null, "generation failed", []),
        ];

        var summaries = MetricSummaries.Compute(results, [_recall, new MetricDescriptor("token_f1", "Token F1", "answer", "", true)], seed: 1);

        Assert.That(summaries.Select(s => (s.MetricId, s.N, s.NError)), Is.EqualTo(new[] { ("token_f1", 1, 1) }));
    }

    [Test]
    public void APipelineWhoseEveryCaseFailedIsInErrorForEveryMetric()
    {
        CaseResult[] results = [new("c1", "rag", null, "model missing", [])];

        var summary = MetricSummaries.Compute(results, [_recall], seed: 1).Single();

        Assert.Multiple(() =>
        {
            Assert.That(summary.Mean, Is.Null);
            Assert.That(summary.NError, Is.EqualTo(1));
        });
    }
}
