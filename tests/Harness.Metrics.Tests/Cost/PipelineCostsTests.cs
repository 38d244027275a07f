using Harness.Core.Costs;
using Harness.Core.Data;
using Harness.Core.Pipelines;
using Harness.Core.Results;
using Harness.Metrics.Cost;

namespace Harness.Metrics.Tests.Cost;

public sealed class PipelineCostsTests
{
    [Test]
    public void APipelineGetsItsTotalsItsIndexTheRunsPeakMemoryAndItsPrice()
    {
        // Two rag cases: 100 + 300 prompt tokens, 10 + 30 completion tokens, 1 s + 3 s; the second replayed from cache.
        var run = Run(
            new PipelineInfo("rag", "rag", true, "") { IndexBuildSeconds = 36, IndexSizeBytes = 2_500_000 },
            Output(100, 10, 1, fromCache: false), Output(300, 30, 3, fromCache: true));
        var rates = new CostRates { Currency = "EUR", PerThousandPromptTokens = 1, PerThousandCompletionTokens = 2, PerGpuHour = 3600 };

        var rows = PipelineCosts.Summaries(run, rates, peakRssBytes: 512_000_000).ToDictionary(r => r.MetricId);

        Assert.Multiple(() =>
        {
            Assert.That(rows["prompt_tokens_total"].Mean, Is.EqualTo(400));
            Assert.That(rows["completion_tokens_total"].Mean, Is.EqualTo(40));
            Assert.That(rows["index_build_s"].Mean, Is.EqualTo(36));
            Assert.That(rows["index_size_mb"].Mean, Is.EqualTo(2.5));
            Assert.That(rows["peak_rss_mb"].Mean, Is.EqualTo(512));
            // tokens 400/1000 · 1 + 40/1000 · 2 = 0.48; time: 1 s of the fresh case (the replay took none now) + 36 s of index
            // build = 37 s at 3600 per hour = 37; total 37.48
            Assert.That(rows["cost_total"].Mean, Is.EqualTo(37.48).Within(1e-9));
            Assert.That(rows.Values.Select(r => r.Interval), Is.All.EqualTo(MetricSummary.Measured));
            Assert.That(rows.ContainsKey("training_s"), Is.False, "nothing was trained");
        });
    }

    [Test]
    public void TrainingFiguresAppearWhenThePipelineRecordsThem()
    {
        var run = Run(new PipelineInfo("fine-tuned", "fine-tuned", false, "") { TrainingSeconds = 720, TrainingTokens = 50_000 }, Output(10, 5, 1, false));
        var rates = new CostRates { PerGpuHour = 2 };

        var rows = PipelineCosts.Summaries(run, rates, peakRssBytes: null).ToDictionary(r => r.MetricId);

        Assert.Multiple(() =>
        {
            Assert.That(rows["training_s"].Mean, Is.EqualTo(720));
            Assert.That(rows["training_tokens"].Mean, Is.EqualTo(50_000));
            // (1 s of answering + 720 s of training) / 3600 · 2 = 0.400556
            Assert.That(rows["cost_total"].Mean, Is.EqualTo(721.0 / 3600 * 2).Within(1e-12));
            Assert.That(rows.ContainsKey("peak_rss_mb"), Is.False);
        });
    }

    private static PipelineOutput Output(int prompt, int completion, double seconds, bool fromCache) => new()
    {
        Answer = "a",
        Tokens = new TokenCounts(prompt, completion),
        Timings = new StageTimings { Total = TimeSpan.FromSeconds(seconds) },
        FromCache = fromCache,
    };

    private static RunResult Run(PipelineInfo pipeline, params PipelineOutput[] outputs) => new()
    {
        Info = new RunInfo { RunId = "r", Suite = "s", Dataset = "d", StartedAt = DateTimeOffset.UnixEpoch },
        Environment = new RunEnvironment { MachineName = "m", OperatingSystem = "Linux", DotNetVersion = "10", ProcessorCount = 2 },
        Pipelines = [pipeline],
        Cases = [.. outputs.Select((_, i) => new EvalCase { Id = $"c{i}", Question = "q" })],
        Results = [.. outputs.Select((o, i) => new CaseResult($"c{i}", pipeline.Name, o, null, []))],
        Metrics = [],
        Summary = [],
    };
}
