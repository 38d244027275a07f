using System.Globalization;
using System.Text.RegularExpressions;
using Harness.Core;
using Harness.Core.Metrics;
using Harness.Core.Results;
using Harness.Reporting.Charts;
using Harness.Reporting.Charts.Rendering;

namespace Harness.Reporting.Tests;

public sealed partial class ChartModelTests
{
    private static readonly HistoryPoint[] _history =
    [
        new("20251201-000000-aaa", new DateTimeOffset(2025, 12, 1, 0, 0, 0, TimeSpan.Zero), "rag-bm25", "token_f1", 0.41, 0.35, 0.47),
        new("20251201-000000-aaa", new DateTimeOffset(2025, 12, 1, 0, 0, 0, TimeSpan.Zero), "closed-book", "token_f1", 0.2, 0.15, 0.25),
        new("20251215-000000-bbb", new DateTimeOffset(2025, 12, 15, 0, 0, 0, TimeSpan.Zero), "rag-bm25", "token_f1", 0.44),
    ];

    [Test]
    public void ChartsCoverEveryFamilyLatencyQualityApproachesAndTrend()
    {
        var charts = RunCharts.Build(FakeRun.Create(), _history);

        Assert.That(charts.Select(c => c.Name), Is.EqualTo(new[]
        {
            "metrics-retrieval-recall", "metrics-retrieval", "metrics-answer", "metrics-faithfulness", "metrics-label",
            "latency", "quality-vs-latency", "approaches", "trend",
        }));
    }

    [Test]
    public void ChartsWithoutDataAreNotEmitted()
    {
        var run = FakeRun.Create();
        var noSummaries = run with { Summary = [.. run.Summary.Where(s => s.MetricId != "recall@5" && s.MetricId != "mrr")] };

        var names = RunCharts.Build(noSummaries).Select(c => c.Name);

        Assert.That(names, Does.Not.Contain("metrics-retrieval-recall").And.Not.Contain("metrics-retrieval").And.Not.Contain("trend"));
    }

    [Test]
    public void ARatioChartSpansZeroToOneAndAMetricWithAUnitGetsAnAxisThatFitsItsValues()
    {
        // Perplexity is declared in tokens (values ≥ 1), so its chart must not be clipped at 1 like a ratio's.
        var run = WithMetric(FakeRun.Create(), KnownMetrics.Describe("perplexity"), mean: 11.4, low: 8.8, high: 16.0);

        var charts = RunCharts.Build(run).ToDictionary(c => c.Name);

        Assert.Multiple(() =>
        {
            Assert.That((charts["metrics-answer"].Y.Min, charts["metrics-answer"].Y.Max), Is.EqualTo(((double?)0, (double?)1)));
            Assert.That((charts["metrics-fluency"].Y.Min, charts["metrics-fluency"].Y.Max), Is.EqualTo(((double?)null, (double?)null)));
        });
    }

    [Test]
    public void ARatioChartWithAValueBelowZeroReachesDownToMinusOne()
    {
        // A cosine score can be negative: answer relevance −0.013 [−0.034, 0.009] in a smoke run.
        var run = WithMetric(FakeRun.Create(), KnownMetrics.Describe("answer_relevance"), mean: -0.013, low: -0.034, high: 0.009);

        var chart = RunCharts.Build(run).Single(c => c.Name == "metrics-relevance");

        Assert.That((chart.Y.Min, chart.Y.Max), Is.EqualTo(((double?)-1, (double?)1)));
    }

    private static RunResult WithMetric(RunResult run, MetricDescriptor metric, double mean, double low, double high) => run with
    {
        Metrics = [.. run.Metrics, metric],
        Summary = [.. run.Summary, new MetricSummary(FakeRun.PipelineNames[0], metric.Id, mean, low, high, 8, 0, 0)],
    };

    // FakeRun's summaries: mean = 0.1 + 0.175 × (pipeline index) + 0.01 × (length of the metric id),
    // CI = mean ± 0.1. token_f1 has 8 characters, so closed-book (0) 0.1 + 0 + 0.08 = 0.18,
    // rag-bm25 (1) 0.18 + 0.175 = 0.355, fine-tuned (2) 0.53, hybrid (3) 0.705.
    [TestCase("en-US")]
    [TestCase("de-DE")]
    public async Task EveryPipelineAppearsInTheAnswerChartWithItsMeanAndConfidenceInterval(string culture)
    {
        var chart = await TestFiles.UnderCultureAsync(culture, () =>
            Task.FromResult(RunCharts.Build(FakeRun.Create()).Single(c => c.Name == "metrics-answer")));

        var points = chart.Series.ToDictionary(s => s.Name, s => s.Points.Single());
        Assert.Multiple(() =>
        {
            Assert.That(chart.Kind, Is.EqualTo(ChartKind.Bars));
            Assert.That(chart.Categories, Is.EqualTo(new[] { "Token F1" }));
            Assert.That(points.Keys, Is.EqualTo(FakeRun.PipelineNames));
            AssertPoint(points["closed-book"], 0.18, 0.08, 0.28);
            AssertPoint(points["rag-bm25"], 0.355, 0.255, 0.455);
            AssertPoint(points["fine-tuned"], 0.53, 0.43, 0.63);
            AssertPoint(points["hybrid"], 0.705, 0.605, 0.805);
            Assert.That(points.Values.Select(p => p.Category), Has.All.EqualTo("Token F1"));
            Assert.That(points.Values.Select(p => p.N), Has.All.EqualTo(2));
            Assert.That(chart.Y, Is.EqualTo(new ChartAxis("mean (95% CI)", Format: "0.0#", Min: 0, Max: 1)));
        });
    }

    // Only rag-bm25 (index 1) and hybrid (3) retrieve. recall@5 has 8 characters, mrr 3:
    // rag-bm25 recall@5 = 0.1 + 0.175 + 0.08 = 0.355, mrr = 0.1 + 0.175 + 0.03 = 0.305;
    // hybrid recall@5 = 0.1 + 0.525 + 0.08 = 0.705, mrr = 0.1 + 0.525 + 0.03 = 0.655.
    [TestCase("en-US")]
    [TestCase("de-DE")]
    public async Task RecallAndMrrEachHaveAChartOfOnlyTheRetrievingPipelines(string culture)
    {
        var charts = await TestFiles.UnderCultureAsync(culture, () =>
            Task.FromResult(RunCharts.Build(FakeRun.Create()).ToDictionary(c => c.Name)));
        var recall = charts["metrics-retrieval-recall"];
        var mrr = charts["metrics-retrieval"];

        Assert.Multiple(() =>
        {
            Assert.That((recall.Title, mrr.Title), Is.EqualTo(("Retrieval: Recall@k", "Retrieval: MRR")));
            Assert.That(recall.Series.Select(s => s.Name), Is.EqualTo(new[] { "rag-bm25", "hybrid" }));
            Assert.That(mrr.Series.Select(s => s.Name), Is.EqualTo(new[] { "rag-bm25", "hybrid" }));
            Assert.That((recall.Categories, mrr.Categories), Is.EqualTo((new[] { "Recall@5" }, new[] { "MRR" })));
            AssertPoint(recall.Series[0].Points.Single(), 0.355, 0.255, 0.455);
            AssertPoint(mrr.Series[0].Points.Single(), 0.305, 0.205, 0.405);
            AssertPoint(recall.Series[1].Points.Single(), 0.705, 0.605, 0.805);
            AssertPoint(mrr.Series[1].Points.Single(), 0.655, 0.555, 0.755);
        });
    }

    [Test]
    public void EachRetrievalMeasureHasOneChartWithABarPerCutoff()
    {
        var run = FakeRun.Create();
        string[] ids = ["precision@1", "precision@5", "precision@10", "recall@1", "recall@5", "recall@10", "hit@1", "hit@5", "hit@10", "ndcg@1", "ndcg@5", "ndcg@10", "mrr", "map"];
        run = run with
        {
            Metrics = [.. ids.Select(id => KnownMetrics.Describe(id))],
            Summary = [.. ids.Select(id => new MetricSummary("rag-bm25", id, 0.5, 0.4, 0.6, 8, 0, 0))],
        };

        var charts = RunCharts.Build(run).Where(c => c.Name.StartsWith("metrics-", StringComparison.Ordinal)).ToList();

        Assert.That(charts.Select(c => (c.Name, c.Title, string.Join(" ", c.Categories))), Is.EqualTo(new[]
        {
            ("metrics-retrieval-precision", "Retrieval: Precision@k", "Precision@1 Precision@5 Precision@10"),
            ("metrics-retrieval-recall", "Retrieval: Recall@k", "Recall@1 Recall@5 Recall@10"),
            ("metrics-retrieval-hit", "Retrieval: Hit@k", "Hit@1 Hit@5 Hit@10"),
            ("metrics-retrieval-ndcg", "Retrieval: nDCG@k", "nDCG@1 nDCG@5 nDCG@10"),
            ("metrics-retrieval", "Retrieval: MRR, MAP", "MRR MAP"),
        }));
    }

    [Test]
    public void CostHasOneChartPerUnitWithTheUnitOnItsAxis()
    {
        // A 12,000-token total and a 0.05 s wall time must not share an axis.
        var run = FakeRun.Create();
        string[] ids = ["prompt_tokens", "wall_s", "prompt_tokens_total", "index_build_s", "index_size_mb", "peak_rss_mb", "cost_total"];
        run = run with
        {
            Metrics = [.. ids.Select(id => KnownMetrics.Describe(id, "USD"))],
            Summary = [.. ids.Select(id => new MetricSummary("rag-bm25", id, 12000, null, null, 1, 0, 0))],
        };

        var charts = RunCharts.Build(run).Where(c => c.Name.StartsWith("metrics-", StringComparison.Ordinal)).ToList();

        Assert.That(charts.Select(c => (c.Name, c.Title, c.Y.Title, string.Join(" | ", c.Categories))), Is.EqualTo(new[]
        {
            ("metrics-cost-tokens", "Cost (tokens)", "tokens (mean, 95% CI)", "Prompt tokens | Prompt tokens (total)"),
            ("metrics-cost-s", "Cost (s)", "s (mean, 95% CI)", "Wall time per case | Index build time"),
            ("metrics-cost-mb", "Cost (MB)", "MB (mean, 95% CI)", "Index size | Peak memory (RSS, run)"),
            ("metrics-cost-usd", "Cost (USD)", "USD (mean, 95% CI)", "Cost (total, USD)"),
        }));
    }

    [Test]
    public void FaithfulnessChartHasBothFaithfulnessAndHallucinationWithConfidenceIntervals()
    {
        var chart = RunCharts.Build(FakeRun.Create()).Single(c => c.Name == "metrics-faithfulness");

        var points = chart.Series.SelectMany(s => s.Points).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(chart.Categories, Is.EqualTo(new[] { "Faithfulness", "Hallucination rate" }));
            Assert.That(points, Has.Count.EqualTo(8), "4 pipelines × 2 metrics");
            Assert.That(points, Has.All.Matches<ChartPoint>(p => p != null && p.Low <= p.Value && p.Value <= p.High));
        });
    }

    // FakeRun's case timings: generation = 100 + 10 × p ms for both cases of pipeline p, so median,
    // min and max are all 100 for closed-book and 130 for hybrid; total = 130.125 + 20 × p.
    [Test]
    public void LatencyChartHasTheMedianAndRangeOfEveryStagePerPipeline()
    {
        var chart = RunCharts.Build(FakeRun.Create()).Single(c => c.Name == "latency");

        var generation = chart.Series.Single(s => s.Name == "generation").Points.ToDictionary(p => p.Category!);
        var retrieval = chart.Series.Single(s => s.Name == "retrieval").Points.Select(p => p.Category);
        Assert.Multiple(() =>
        {
            Assert.That(chart.Y.Scale, Is.EqualTo(AxisScale.Log10));
            Assert.That(chart.Categories, Is.EqualTo(FakeRun.PipelineNames));
            AssertPoint(generation["closed-book"], 100, 100, 100);
            // hybrid's q2 failed: only q1 counts, 100 + 30 = 130 ms.
            AssertPoint(generation["hybrid"], 130, 130, 130);
            Assert.That(generation["hybrid"].N, Is.EqualTo(1));
            Assert.That(retrieval, Is.EqualTo(new[] { "rag-bm25", "hybrid" }), "only retrieving pipelines have a retrieval stage");
        });
    }

    [Test]
    public void ApproachesChartGroupsPipelinesByTheirApproach()
    {
        var chart = RunCharts.Build(FakeRun.Create()).Single(c => c.Name == "approaches");

        Assert.Multiple(() =>
        {
            Assert.That(chart.Categories, Is.EqualTo(new[] { "closed-book", "rag", "fine-tuned", "hybrid" }));
            Assert.That(chart.Series.Select(s => (s.Name, s.Points.Single().Category)), Is.EqualTo(new[]
            {
                ("closed-book", "closed-book"), ("rag-bm25", "rag"), ("fine-tuned", "fine-tuned"), ("hybrid", "hybrid"),
            }));
        });
    }

    [Test]
    public void TrendChartPutsTheCurrentRunAfterItsHistory()
    {
        var chart = RunCharts.Build(FakeRun.Create(), _history).Single(c => c.Name == "trend");

        var bm25 = chart.Series.Single(s => s.Name == "rag-bm25").Points;
        Assert.Multiple(() =>
        {
            Assert.That(bm25.Select(p => p.Label), Is.EqualTo(new[] { "20251201-000000-aaa", "20251215-000000-bbb", "20260101-000000-abc123" }));
            // A history point without a CI is drawn with a zero-length whisker, not left out.
            AssertPoint(bm25[1], 0.44, 0.44, 0.44);
            AssertPoint(bm25[2], 0.355, 0.255, 0.455);
        });
    }

    [Test]
    public void APipelineHasOneColourInEveryChartWhateverTheOrderOfThePipelines()
    {
        var run = FakeRun.Create();
        var reversed = run with { Pipelines = [.. run.Pipelines.Reverse()] };

        var colours = Colours(RunCharts.Build(run, _history));
        var coloursReversed = Colours(RunCharts.Build(reversed, _history));

        Assert.Multiple(() =>
        {
            Assert.That(colours.Keys, Is.EquivalentTo(FakeRun.PipelineNames));
            Assert.That(colours.Values, Has.All.Count.EqualTo(1), "one colour per pipeline across charts");
            Assert.That(colours.Values.Select(c => c.Single()).Distinct().Count(), Is.EqualTo(4), "no two pipelines share a colour");
            Assert.That(coloursReversed, Is.EqualTo(colours));
        });
    }

    [Test]
    public void ColoursComeFromTheNameAloneUnlessTwoNamesWouldShareOne()
    {
        // Find two names with the same preferred colour: the ordinally later one moves to the next slot.
        var names = Enumerable.Range(0, 40).Select(i => $"pipeline-{i}").ToList();
        var (first, second) = names.SelectMany(a => names.Select(b => (a, b)))
            .First(pair => string.CompareOrdinal(pair.a, pair.b) < 0 && PipelineColors.PreferredSlot(pair.a) == PipelineColors.PreferredSlot(pair.b));
        var slot = PipelineColors.PreferredSlot(first);

        var alone = new PipelineColors([second]);
        var together = new PipelineColors([second, first]);

        Assert.Multiple(() =>
        {
            Assert.That(alone[second], Is.EqualTo(PipelineColors.Palette[slot]));
            Assert.That(together[first], Is.EqualTo(PipelineColors.Palette[slot]));
            Assert.That(together[second], Is.EqualTo(PipelineColors.Palette[(slot + 1) % PipelineColors.Palette.Count]));
        });
    }

    [Test]
    public void ChartDataIsIdenticalUnderGermanAndEnglishCultures()
    {
        var run = FakeRun.Create();

        var german = TestFiles.UnderCultureAsync("de-DE", () => Task.FromResult(Json(RunCharts.Build(run, _history)))).Result;
        var english = TestFiles.UnderCultureAsync("en-US", () => Task.FromResult(Json(RunCharts.Build(run, _history)))).Result;

        Assert.That(TestFiles.GermanDecimal(), Is.EqualTo("1,5"), "the German culture is real (not invariant globalization)");
        Assert.That(german, Is.EqualTo(english));
    }

    [TestCaseSource(nameof(ChartsAndCultures))]
    public async Task ChartDataMatchesItsSnapshotUnderEveryCulture(string name, string culture)
    {
        var json = await TestFiles.UnderCultureAsync(culture, () =>
            Task.FromResult(RunCharts.Build(FakeRun.Create(), _history).Single(c => c.Name == name).ToJson()));

        Snapshot.AssertMatches($"{name}.json", json + "\n");
    }

    [Test]
    public void EveryChartRendersToSvgAndTwiceScaledPng()
    {
        foreach (var chart in RunCharts.Build(FakeRun.Create(), _history))
        {
            var rendered = ChartRenderer.Render(chart, 2);

            var svgWidth = int.Parse(SvgWidth().Match(rendered.Svg).Groups[1].Value, CultureInfo.InvariantCulture);
            var png = rendered.Png;
            var pngWidth = (png[16] << 24) | (png[17] << 16) | (png[18] << 8) | png[19];
            Assert.Multiple(() =>
            {
                Assert.That(rendered.Svg, Does.Contain("<svg"), chart.Name);
                Assert.That(rendered.Svg, Does.Contain(chart.Title.Replace("&", "&amp;", StringComparison.Ordinal)), $"{chart.Name}: the title is drawn as text");
                Assert.That(png.Take(4), Is.EqualTo(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }), chart.Name);
                Assert.That(svgWidth, Is.EqualTo(rendered.Width), chart.Name);
                Assert.That(pngWidth, Is.EqualTo(2 * svgWidth), chart.Name);
            });
        }
    }

    [Test]
    public async Task SvgIsTheSameUnderGermanAndEnglishCultures()
    {
        var chart = RunCharts.Build(FakeRun.Create()).Single(c => c.Name == "quality-vs-latency");

        var german = await TestFiles.UnderCultureAsync("de-DE", () => Task.FromResult(ChartRenderer.Render(chart).Svg));
        var english = await TestFiles.UnderCultureAsync("en-US", () => Task.FromResult(ChartRenderer.Render(chart).Svg));

        Assert.That(german, Is.EqualTo(english), "tick labels are written with the invariant culture");
    }

    private static void AssertPoint(ChartPoint point, double value, double low, double high)
    {
        Assert.That(point.Value, Is.EqualTo(value).Within(1e-9), $"{point.Category ?? point.Label}: value");
        Assert.That(point.Low, Is.EqualTo(low).Within(1e-9), $"{point.Category ?? point.Label}: CI low");
        Assert.That(point.High, Is.EqualTo(high).Within(1e-9), $"{point.Category ?? point.Label}: CI high");
    }

    /// <summary>Each pipeline's colours over every chart that colours by pipeline (latency colours by stage).</summary>
    private static Dictionary<string, HashSet<string>> Colours(IReadOnlyList<ChartModel> charts) =>
        charts.Where(c => c.Name != "latency")
            .SelectMany(c => c.Series)
            .GroupBy(s => s.Name)
            .ToDictionary(g => g.Key, g => g.Select(s => s.Color).ToHashSet());

    private static IEnumerable<object[]> ChartsAndCultures() =>
        from chart in RunCharts.Build(FakeRun.Create(), _history)
        from culture in new[] { "en-US", "de-DE" }
        select new object[] { chart.Name, culture };

    private static string Json(IReadOnlyList<ChartModel> charts) => string.Join("\n", charts.Select(c => c.ToJson()));

    [GeneratedRegex("<svg[^>]*\\swidth=\"([0-9]+)\"")]
    private static partial Regex SvgWidth();
}
