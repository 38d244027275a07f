using System.Text.Json.Nodes;
using Harness.Reporting.Charts;

namespace Harness.Reporting.Tests;

public sealed class ChartSpecTests
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
            "metrics-retrieval", "metrics-answer", "metrics-faithfulness", "metrics-label",
            "latency", "quality-vs-latency", "approaches", "trend",
        }));
    }

    [Test]
    public void ChartsWithoutDataAreNotEmitted()
    {
        var run = FakeRun.Create();
        var noSummaries = run with { Summary = [.. run.Summary.Where(s => s.MetricId != "recall@5" && s.MetricId != "mrr")] };

        var names = RunCharts.Build(noSummaries).Select(c => c.Name);

        Assert.That(names, Does.Not.Contain("metrics-retrieval").And.Not.Contain("trend"));
    }

    [Test]
    public void FaithfulnessChartHasBothFaithfulnessAndHallucinationWithConfidenceIntervals()
    {
        var chart = RunCharts.Build(FakeRun.Create()).Single(c => c.Name == "metrics-faithfulness");

        var rows = chart.Spec["data"]!["values"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(rows.Select(r => (string)r!["metric"]!).Distinct(), Is.EqualTo(new[] { "Faithfulness", "Hallucination rate" }));
            Assert.That(rows, Has.Count.EqualTo(8));
            Assert.That(rows.All(r => (double)r!["ci_low"]! <= (double)r["mean"]! && (double)r["mean"]! <= (double)r["ci_high"]!));
            Assert.That(chart.Spec["layer"]!.AsArray().Select(l => MarkType(l!)), Is.EqualTo(new[] { "bar", "errorbar" }));
        });
    }

    [Test]
    public void SpecsAreIdenticalUnderGermanAndEnglishCultures()
    {
        var run = FakeRun.Create();

        var german = TestFiles.UnderCultureAsync("de-DE", () => Task.FromResult(Json(RunCharts.Build(run, _history)))).Result;
        var english = TestFiles.UnderCultureAsync("en-US", () => Task.FromResult(Json(RunCharts.Build(run, _history)))).Result;

        Assert.That(TestFiles.GermanDecimal(), Is.EqualTo("1,5"), "the German culture is real (not invariant globalization)");
        Assert.That(german, Is.EqualTo(english));
    }

    [TestCaseSource(nameof(ChartsAndCultures))]
    public async Task SpecMatchesItsSnapshotUnderEveryCulture(string name, string culture)
    {
        var json = await TestFiles.UnderCultureAsync(culture, () =>
            Task.FromResult(RunCharts.Build(FakeRun.Create(), _history).Single(c => c.Name == name).ToJson()));

        Snapshot.AssertMatches($"{name}.vl.json", json + "\n");
    }

    [Test]
    public async Task EveryChartRendersToSvgAndTwiceScaledPng()
    {
        var renderer = Repository.RequireRenderer();
        var directory = TestFiles.NewDirectory();
        var charts = RunCharts.Build(FakeRun.Create(), _history);

        var rendered = await renderer.RenderAsync(charts, directory, 2, CancellationToken.None);

        Assert.That(rendered, Is.EqualTo(charts.Select(c => c.Name)));
        // The files stay when an assertion fails, to be looked at; a pass removes them.
        foreach (var chart in charts)
        {
            var svg = await File.ReadAllTextAsync(Path.Combine(directory, $"{chart.Name}.svg"));
            var png = await File.ReadAllBytesAsync(Path.Combine(directory, $"{chart.Name}.png"));
            var svgWidth = double.Parse(System.Text.RegularExpressions.Regex.Match(svg, "width=\"([0-9.]+)\"").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            var pngWidth = (png[16] << 24) | (png[17] << 16) | (png[18] << 8) | png[19];
            Assert.Multiple(() =>
            {
                Assert.That(svg, Does.StartWith("<svg"), chart.Name);
                Assert.That(png.Take(4), Is.EqualTo(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }), chart.Name);
                Assert.That(pngWidth, Is.EqualTo(2 * svgWidth).Within(2), chart.Name);
            });
        }
        Directory.Delete(directory, recursive: true);
    }

    [Test]
    public void ABrokenSpecIsReportedByNameWhileTheOtherChartsStillRender()
    {
        var renderer = Repository.RequireRenderer();
        var directory = TestFiles.NewDirectory();
        var good = RunCharts.Build(FakeRun.Create())[0];
        var broken = new ChartSpec("broken", "Broken", new JsonObject { ["mark"] = "no-such-mark", ["data"] = new JsonObject { ["values"] = new JsonArray() } });

        var failure = Assert.ThrowsAsync<ChartRenderException>(() => renderer.RenderAsync([broken, good], directory, 2, CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(failure!.Message, Does.Contain("broken:"));
            Assert.That(File.Exists(Path.Combine(directory, $"{good.Name}.svg")), Is.True);
            Assert.That(File.Exists(Path.Combine(directory, "broken.svg")), Is.False);
        });
        Directory.Delete(directory, recursive: true);
    }

    private static IEnumerable<object[]> ChartsAndCultures() =>
        from chart in RunCharts.Build(FakeRun.Create(), _history)
        from culture in new[] { "en-US", "de-DE" }
        select new object[] { chart.Name, culture };

    private static string Json(IReadOnlyList<ChartSpec> charts) => string.Join("\n", charts.Select(c => c.ToJson()));

    private static string MarkType(JsonNode layer) =>
        layer["mark"] is JsonValue value ? (string)value! : (string)layer["mark"]!["type"]!;
}
