using Harness.Core.Results;
using Harness.Core.Statistics;
using Harness.Reporting.Charts;
using Harness.Reporting.Comparison;

namespace Harness.Reporting.Tests;

public sealed class ComparisonReportTests
{
    private static readonly PairedComparisonRow[] _rows =
    [
        new("token_f1", "rag-bm25", 40, 0.41, 0.52, 0.11, 0.05, 0.17, 0.001, 0.004, ComparisonVerdict.Improved),
        new("token_f1", "closed-book", 40, 0.30, 0.29, -0.01, -0.06, 0.04, 0.62, 1, ComparisonVerdict.NoSignificantDifference),
        new("hallucination_rate", "rag-bm25", 40, 0.20, 0.31, 0.11, 0.04, 0.18, 0.002, 0.006, ComparisonVerdict.Regressed),
    ];

    private string _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = TestFiles.NewDirectory();

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public void VerdictFollowsTheAdjustedPValueAndTheMetricsDirection()
    {
        var reference = Enumerable.Range(0, 30).Select(i => 0.4 + (i % 5 * 0.01)).ToArray();
        var current = reference.Select(v => v + 0.2).ToArray();
        var comparison = PairedComparison.Compute(current, reference, seed: 7)!;

        Assert.Multiple(() =>
        {
            Assert.That(PairedComparisonRow.From("token_f1", "rag", comparison, 0.01, higherIsBetter: true).Verdict, Is.EqualTo(ComparisonVerdict.Improved));
            Assert.That(PairedComparisonRow.From("hallucination_rate", "rag", comparison, 0.01, higherIsBetter: false).Verdict, Is.EqualTo(ComparisonVerdict.Regressed));
            Assert.That(PairedComparisonRow.From("token_f1", "rag", comparison, 0.2, higherIsBetter: true).Verdict, Is.EqualTo(ComparisonVerdict.NoSignificantDifference));
            Assert.That(PairedComparisonRow.From("token_f1", "rag", comparison, 0.01, higherIsBetter: true).Difference, Is.EqualTo(0.2).Within(1e-9));
        });
    }

    [Test]
    public void ComputePairsSharedCasesAndAdjustsAcrossEveryRow()
    {
        var runA = FakeRun.Create();
        var runB = runA with { Results = [.. runA.Results.Select(r => Shift(r, "token_f1", 0.3))] };

        var rows = PairedComparisonRow.Compute(runA, runB);

        var f1 = rows.Where(r => r.MetricId == "token_f1").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(f1.Select(r => r.Pipeline), Is.EqualTo(new[] { "closed-book", "rag-bm25", "fine-tuned", "hybrid" }));
            Assert.That(f1.Select(r => r.Difference), Has.All.EqualTo(0.3).Within(1e-9));
            Assert.That(f1.Single(r => r.Pipeline == "hybrid").N, Is.EqualTo(1), "the failed case of B is not paired");
            Assert.That(rows, Has.All.Matches<PairedComparisonRow>(r => r.AdjustedPValue >= r.PValue));
            Assert.That(rows.Select(r => r.MetricId), Does.Not.Contain("label_accuracy"), "no ok values, nothing to pair");
        });
    }

    [Test]
    public async Task ComparisonWritesCsvMarkdownDifferenceChartsAndHtml()
    {
        var runA = FakeRun.Create();
        var runB = FakeRun.Create() with { Info = runA.Info with { RunId = "20260102-000000-def456" } };
        var renderer = new VegaRenderer(Path.Combine(_directory, "no-renderer-here"));

        var outcome = await ReportWriter.WriteComparisonAsync(runA, runB, _rows, _directory, new ReportOptions { Renderer = renderer });

        var (header, csv) = TestFiles.ReadCsv(Path.Combine(_directory, "comparison.csv"));
        var markdown = await File.ReadAllTextAsync(Path.Combine(_directory, "comparison.md"));
        var html = await File.ReadAllTextAsync(Path.Combine(_directory, "comparison.html"));
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Files, Is.EqualTo(new[]
            {
                "comparison.csv", "comparison.md", "charts/diff-token_f1.vl.json", "charts/diff-hallucination_rate.vl.json", "comparison.html",
            }));
            Assert.That(header, Is.EqualTo(new[] { "metric", "pipeline", "n", "mean_a", "mean_b", "difference", "ci_low", "ci_high", "p", "p_holm", "verdict" }));
            Assert.That(csv[1]["difference"], Is.EqualTo("-0.01"), "a negative number is not taken for a formula");
            Assert.That(csv[2]["verdict"], Is.EqualTo("regressed"));
            Assert.That(markdown, Does.Contain("1 improved, 1 regressed, 1 without significant difference."));
            Assert.That(markdown, Does.Contain("| Token F1 | rag\\-bm25 |").Or.Contain("| Token F1 | rag-bm25 |"));
            Assert.That(html, Does.Contain("\"comparison\":[{\"metric\":\"Token F1\""));
        });
    }

    [Test]
    public void DifferenceChartSpecMatchesItsSnapshot()
    {
        var charts = ComparisonCharts.Build(_rows, FakeRun.Metrics);

        Assert.That(charts.Select(c => c.Name), Is.EqualTo(new[] { "diff-token_f1", "diff-hallucination_rate" }));
        Snapshot.AssertMatches("diff-token_f1.vl.json", charts[0].ToJson() + "\n");
    }

    [Test]
    public async Task DifferenceChartsRender()
    {
        var renderer = Repository.RequireRenderer();

        var rendered = await renderer.RenderAsync(ComparisonCharts.Build(_rows, FakeRun.Metrics), _directory, 2, CancellationToken.None);

        Assert.That(rendered, Is.EqualTo(new[] { "diff-token_f1", "diff-hallucination_rate" }));
    }

    private static CaseResult Shift(CaseResult result, string metricId, double by) => result with
    {
        Metrics = [.. result.Metrics.Select(m => m.MetricId == metricId && m.Value is { } v ? m with { Value = v + by } : m)],
    };
}
