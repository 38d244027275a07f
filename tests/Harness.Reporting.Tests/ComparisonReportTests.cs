using Harness.Core.Baselines;
using Harness.Core.Gates;
using Harness.Core.Results;
using Harness.Core.Statistics;
using Harness.Reporting.Charts;
using Harness.Reporting.Charts.Rendering;
using Harness.Reporting.Comparison;

namespace Harness.Reporting.Tests;

public sealed class ComparisonReportTests
{
    private static readonly PairedComparisonRow[] _rows =
    [
        new("token_f1", "rag-bm25", 40, 0.41, 0.52, 0.11, 0.05, 0.17, 0.001, 0.004, ComparisonVerdict.Improved, "better"),
        new("token_f1", "closed-book", 40, 0.30, 0.29, -0.01, -0.015, 0.04, 0.62, 1, ComparisonVerdict.NonInferior, "within the margin"),
        new("token_f1", "hybrid", 3, 0.5, null, null, null, null, null, null, ComparisonVerdict.Error, "B has 3 cases in error"),
        new("hallucination_rate", "rag-bm25", 40, 0.20, 0.31, 0.11, 0.04, 0.18, 0.002, 0.006, ComparisonVerdict.Regressed, "worse by 0.11 =cmd"),
    ];

    private string _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = TestFiles.NewDirectory();

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public void CoreComparisonRowsAreFlattenedWithTheirVerdictAndMessage()
    {
        var core = new ComparisonRow("token_f1", "rag", 12, 0.4, 0.5, new ConfidenceInterval(0.1, 0.02, 0.18, 0.95), 0.01, 0.03, ComparisonVerdict.Improved, "better");

        var row = PairedComparisonRow.From(core);

        Assert.That(row, Is.EqualTo(new PairedComparisonRow("token_f1", "rag", 12, 0.4, 0.5, 0.1, 0.02, 0.18, 0.01, 0.03, ComparisonVerdict.Improved, "better")));
    }

    [Test]
    public void ComputeGivesTheSameRowsAsHarnessCompare()
    {
        var runA = Widen(FakeRun.Create(), copies: 10);
        var runB = runA with { Results = [.. runA.Results.Select(r => Shift(r, "token_f1", 0.3))] };

        var rows = PairedComparisonRow.Compute(runA, runB);

        var expected = RunComparison.Compare(runA, runB, PairedComparisonRow.DefaultMargin, GateOptions.Default with { Force = true });
        var f1 = rows.Where(r => r.MetricId == "token_f1" && r.Difference is not null).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(rows, Is.EqualTo(expected.Select(PairedComparisonRow.From)));
            Assert.That(f1, Is.Not.Empty);
            Assert.That(f1.Select(r => r.Difference!.Value), Has.All.EqualTo(0.3).Within(1e-9));
            Assert.That(rows.Where(r => r.PValue is not null), Has.All.Matches<PairedComparisonRow>(r => r != null && r.AdjustedPValue >= r.PValue));
        });
    }

    [Test]
    public async Task ComparisonWritesCsvMarkdownDifferenceChartsAndHtml()
    {
        var runA = FakeRun.Create();
        var runB = FakeRun.Create() with { Info = runA.Info with { RunId = "20260102-000000-def456" } };
        var outcome = await ReportWriter.WriteComparisonAsync(runA, runB, _rows, _directory);

        var (header, csv) = TestFiles.ReadCsv(Path.Combine(_directory, "comparison.csv"));
        var markdown = await File.ReadAllTextAsync(Path.Combine(_directory, "comparison.md"));
        var html = await File.ReadAllTextAsync(Path.Combine(_directory, "comparison.html"));
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Files, Is.EqualTo(new[]
            {
                "comparison.csv", "comparison.md", "charts/diff-token_f1.json", "charts/diff-hallucination_rate.json",
                "charts/diff-token_f1.svg", "charts/diff-token_f1.png", "charts/diff-hallucination_rate.svg", "charts/diff-hallucination_rate.png",
                "comparison.html",
            }));
            Assert.That(header, Is.EqualTo(new[] { "metric", "pipeline", "n", "a", "b", "difference", "ci_low", "ci_high", "p", "adjusted_p", "verdict", "message" }));
            Assert.That(csv[1]["difference"], Is.EqualTo("-0.01"), "a negative number is not taken for a formula");
            Assert.That(csv[2]["verdict"], Is.EqualTo("error"));
            Assert.That(csv[2]["difference"], Is.Empty);
            Assert.That(csv[3]["message"], Is.EqualTo("worse by 0.11 =cmd"));
            Assert.That(markdown, Does.Contain("1 improved, 1 non-inferior, 1 regressed, 1 error."));
            Assert.That(markdown, Does.Contain("| Token F1 | hybrid | 0.500 | – | – | – |"));
            Assert.That(html, Does.Contain("\"comparison\":[{\"metric\":\"Token F1\""));
        });
    }

    [Test]
    public void DifferenceChartHasEachPipelinesDifferenceAndCiColouredByVerdict()
    {
        var charts = ComparisonCharts.Build(_rows, FakeRun.Metrics);

        var f1 = charts[0];
        Assert.Multiple(() =>
        {
            Assert.That(charts.Select(c => c.Name), Is.EqualTo(new[] { "diff-token_f1", "diff-hallucination_rate" }));
            Assert.That(f1.Categories, Is.EqualTo(new[] { "rag-bm25", "closed-book" }), "the row in error has no difference to draw");
            Assert.That(f1.Series.Select(s => s.Name), Is.EqualTo(new[] { "improved", "non-inferior" }));
            Assert.That(f1.Series[0].Points.Single(), Is.EqualTo(new ChartPoint(0.11, 0.05, 0.17) { Category = "rag-bm25", N = 40 }));
            Assert.That(f1.Series[1].Points.Single(), Is.EqualTo(new ChartPoint(-0.01, -0.015, 0.04) { Category = "closed-book", N = 40 }));
            Assert.That(f1.ReferenceLine, Is.Zero);
            Assert.That(f1.Horizontal, Is.True);
        });
        Snapshot.AssertMatches("diff-token_f1.json", f1.ToJson() + "\n");
    }

    [Test]
    public void DifferenceChartsRender()
    {
        var rendered = ComparisonCharts.Build(_rows, FakeRun.Metrics).Select(c => ChartRenderer.Render(c)).ToList();

        Assert.That(rendered.Select(r => r.Svg), Has.All.Contains("B − A"));
    }

    /// <summary>The fake run with each case repeated under new ids: enough cases for a paired comparison to decide.</summary>
    private static RunResult Widen(RunResult run, int copies) => run with
    {
        Cases = [.. Enumerable.Range(0, copies).SelectMany(k => run.Cases.Select(c => c with { Id = $"{c.Id}-{k}" }))],
        Results = [.. Enumerable.Range(0, copies).SelectMany(k => run.Results.Select(r => r with { CaseId = $"{r.CaseId}-{k}" }))],
    };

    private static CaseResult Shift(CaseResult result, string metricId, double by) => result with
    {
        Metrics = [.. result.Metrics.Select(m => m.MetricId == metricId && m.Value is { } v ? m with { Value = v + by } : m)],
    };
}
