using Harness.Core.Metrics;
using Harness.Core.Pipelines;
using Harness.Metrics.Latency;

namespace Harness.Metrics.Tests.Latency;

public sealed class LatencyMetricTests
{
    private readonly LatencyMetric _metric = new();

    [Test]
    public async Task ReportsEveryStageInMillisecondsAndTheGenerationSpeed()
    {
        var timings = new StageTimings
        {
            Retrieval = TimeSpan.FromMilliseconds(12.5),
            PromptEvaluation = TimeSpan.FromMilliseconds(80),
            TimeToFirstToken = TimeSpan.FromMilliseconds(95),
            Generation = TimeSpan.FromMilliseconds(400),
            Total = TimeSpan.FromMilliseconds(500),
        };

        var values = await _metric.EvaluateAsync(Contexts.For("answer", timings: timings, tokens: new TokenCounts(300, 50)), CancellationToken.None);

        Assert.That(values.Value("latency_retrieval_ms").Value, Is.EqualTo(12.5));
        Assert.That(values.Value("latency_prompt_ms").Value, Is.EqualTo(80));
        Assert.That(values.Value("ttft_ms").Value, Is.EqualTo(95));
        Assert.That(values.Value("latency_generation_ms").Value, Is.EqualTo(400));
        Assert.That(values.Value("latency_total_ms").Value, Is.EqualTo(500));
        // 50 generated tokens in 0.4 s
        Assert.That(values.Value("tokens_per_second").Value, Is.EqualTo(125).Within(1e-9));
    }

    [Test]
    public async Task LeavesTheStagesAPipelineLacksInconclusive()
    {
        var timings = new StageTimings { Retrieval = TimeSpan.FromMilliseconds(3), Total = TimeSpan.FromMilliseconds(4) };

        var values = await _metric.EvaluateAsync(Contexts.For("extracted sentence", timings: timings), CancellationToken.None);

        Assert.That(values.Value("latency_retrieval_ms").Value, Is.EqualTo(3));
        Assert.That(values.Value("latency_total_ms").Value, Is.EqualTo(4));
        string[] missing = ["latency_prompt_ms", "ttft_ms", "latency_generation_ms", "tokens_per_second"];
        Assert.That(missing.Select(id => values.Value(id).Status), Has.All.EqualTo(ValueStatus.Inconclusive));
    }

    [Test]
    public async Task LeavesEveryValueOfAReplayWithoutRecordedTimingsInconclusive()
    {
        // The replay's own 1 ms is what main reported as the answer's latency.
        var timings = new StageTimings { Generation = TimeSpan.FromMilliseconds(1), Total = TimeSpan.FromMilliseconds(1) };

        var values = await _metric.EvaluateAsync(Contexts.For("answer", timings: timings, tokens: new TokenCounts(1, 1), fromCache: true), CancellationToken.None);

        Assert.That(values, Has.Count.EqualTo(6));
        Assert.That(values, Has.All.Property(nameof(MetricValue.Status)).EqualTo(ValueStatus.Inconclusive));
        Assert.That(values, Has.All.Property(nameof(MetricValue.Diagnostic))
            .EqualTo("answer replayed from a cache entry stored before the cache kept timings: no latency recorded"));
    }

    [Test]
    public async Task ReportsTheTimingsRecordedWhenAReplayedAnswerWasGenerated()
    {
        var timings = new StageTimings { Generation = TimeSpan.FromMilliseconds(400), Total = TimeSpan.FromMilliseconds(450) };
        var recorded = new RecordedLatency("smoke-20260101-000000-000", new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

        var values = await _metric.EvaluateAsync(
            Contexts.For("answer", timings: timings, tokens: new TokenCounts(10, 50), fromCache: true, recorded: recorded), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(values.Value("latency_generation_ms").Value, Is.EqualTo(400));
            Assert.That(values.Value("latency_total_ms").Value, Is.EqualTo(450));
            // 50 tokens in the recorded 0.4 s
            Assert.That(values.Value("tokens_per_second").Value, Is.EqualTo(125).Within(1e-9));
        });
    }

    [Test]
    public async Task HasNoSpeedWithoutGeneratedTokens()
    {
        var timings = new StageTimings { Generation = TimeSpan.FromMilliseconds(10), Total = TimeSpan.FromMilliseconds(10) };

        var values = await _metric.EvaluateAsync(Contexts.For("", timings: timings), CancellationToken.None);

        Assert.That(values.Value("tokens_per_second").Status, Is.EqualTo(ValueStatus.Inconclusive));
    }

    [Test]
    public async Task ReportsANegativeDurationAsAnError()
    {
        var timings = new StageTimings { Retrieval = TimeSpan.FromMilliseconds(-1), Total = TimeSpan.FromMilliseconds(5) };

        var values = await _metric.EvaluateAsync(Contexts.For("answer", timings: timings), CancellationToken.None);

        Assert.That(values.Value("latency_retrieval_ms").Status, Is.EqualTo(ValueStatus.Error));
    }
}
