using Harness.Core;
using Harness.Core.Metrics;
using Harness.Core.Pipelines;
using Harness.Core.Results;
using Harness.Core.Statistics;
using Harness.Reporting.Charts;
using Harness.Reporting.Exporters;

namespace Harness.Reporting.Tests;

/// <summary>
/// A run replayed from the generation cache: summary.md and the charts read the latency metric, which reports the
/// latency recorded when an answer was generated (or none), never the replay's own timings.
/// </summary>
public sealed class ReplayedLatencyTests
{
    private static readonly RecordedLatency _recording = new("medical-smoke-20251231-120000-000", new DateTimeOffset(2025, 12, 31, 12, 0, 0, TimeSpan.Zero));

    [Test]
    public void SummaryMarksRecordedLatenciesAndNamesTheRunTheyComeFrom()
    {
        var markdown = MarkdownSummaryExporter.Render(Replayed(FakeRun.Create(), _recording));

        Assert.Multiple(() =>
        {
            // rag-bm25's two answers were recorded at 130.125 + 20 × 1 = 150.125 ms each.
            // Markdown escapes the parentheses.
            Assert.That(markdown, Does.Contain(@"| 150.1 \(recorded\) | 0 |"));
            // 4 pipelines × 2 cases, less hybrid's failed q2: 7 replayed answers.
            Assert.That(markdown, Does.Contain(
                "Latency: 7 answers replayed from the generation cache report the latency recorded when generated " +
                @"\(medical-smoke-20251231-120000-000, 2025-12-31\); their retrieval is measured in this run."));
        });
    }

    [Test]
    public void AReplayWithoutRecordedTimingsShowsNoLatencyAndSaysWhy()
    {
        var markdown = MarkdownSummaryExporter.Render(Replayed(FakeRun.Create(), recording: null));

        Assert.Multiple(() =>
        {
            Assert.That(markdown, Does.Not.Contain("| 0.5 |"), "the replay's own 0.5 ms is not a latency");
            Assert.That(markdown, Does.Contain("| – | 0 |"));
            Assert.That(markdown, Does.Contain("Latency: 7 answers replayed from cache entries stored before the cache kept timings have no latency."));
        });
    }

    [Test]
    public void ChartsDrawNoLatencyForAReplayWithoutRecordedTimings()
    {
        var names = RunCharts.Build(Replayed(FakeRun.Create(), recording: null)).Select(c => c.Name);

        Assert.That(names, Does.Not.Contain("latency").And.Not.Contain("quality-vs-latency"));
    }

    [Test]
    public void ChartsAndSummaryLeaveOutAWarmUpCase()
    {
        // q1 of every pipeline is a warm-up case that took 1,000 ms; its latency values are inconclusive.
        var run = FakeRun.Create();
        run = WithLatencySummaries(run with
        {
            Results = [.. run.Results.Select(r => r is { CaseId: "q1", Output: { } output }
                ? r with
                {
                    Output = output with { Timings = output.Timings with { Total = TimeSpan.FromMilliseconds(1000) } },
                    Metrics = [.. r.Metrics.Select(m => FakeRun.LatencyIds.Contains(m.MetricId) ? MetricValue.Inconclusive(m.MetricId, "warm-up case, excluded from latency") : m)],
                }
                : r)],
        });

        var markdown = MarkdownSummaryExporter.Render(run);
        var total = RunCharts.Build(run).Single(c => c.Name == "latency").Series.Single(s => s.Name == "total").Points.ToDictionary(p => p.Category!);
        var scatter = RunCharts.Build(run).Single(c => c.Name == "quality-vs-latency").Series.Single(s => s.Name == "closed-book").Points.Single();

        Assert.Multiple(() =>
        {
            // Only q2 counts: closed-book 130.125 ms, rag-bm25 130.125 + 20 = 150.125 ms.
            Assert.That(markdown, Does.Contain("| 130.1 | 0 |").And.Contain("| 150.1 | 0 |"));
            Assert.That(total["closed-book"].Value, Is.EqualTo(130.125).Within(1e-9));
            Assert.That(total["closed-book"].High, Is.EqualTo(130.125).Within(1e-9), "the warm-up's 1,000 ms is not the slowest case");
            Assert.That(scatter.X, Is.EqualTo(130.125).Within(1e-9));
            // Hybrid's q2 failed, so no hybrid answer has a latency left.
            Assert.That(total.ContainsKey("hybrid"), Is.False);
        });
    }

    /// <summary>
    /// The fake run as a replay: with a recording, each answer reports the timings recorded for it (its latency values
    /// stay); without one, the replay's own 0.5 ms sit in the outputs and every latency value is inconclusive.
    /// </summary>
    private static RunResult Replayed(RunResult run, RecordedLatency? recording) => WithLatencySummaries(run with
    {
        Results = [.. run.Results.Select(r => r.Output is not { } output
            ? r
            : recording is not null
                ? r with { Output = output with { FromCache = true, Recorded = recording } }
                : r with
                {
                    Output = output with
                    {
                        FromCache = true,
                        Timings = new StageTimings { Retrieval = output.Timings.Retrieval is null ? null : TimeSpan.FromMilliseconds(0.5), Total = TimeSpan.FromMilliseconds(0.5) },
                    },
                    Metrics = [.. r.Metrics.Select(m => FakeRun.LatencyIds.Contains(m.MetricId) ? MetricValue.Inconclusive(m.MetricId, "no latency recorded") : m)],
                })],
    });

    /// <summary>The latency summaries computed again from the case values, as a run computes them.</summary>
    private static RunResult WithLatencySummaries(RunResult run) => run with
    {
        Summary = [.. run.Summary.Select(s => run.Metrics.Single(m => m.Id == s.MetricId) is { } metric && KnownMetrics.IsTiming(metric)
            ? MetricSummaries.Summarize(s.Pipeline, metric, MetricSamples.For(run.Results, s.Pipeline, s.MetricId), run.Info.Seed)
            : s)],
    };
}
