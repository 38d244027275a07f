using System.Text.Json;
using System.Text.RegularExpressions;

namespace Harness.Reporting.Tests;

public sealed partial class HtmlReportTests
{
    private string _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = TestFiles.NewDirectory();

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public async Task ARunThatSelectsCsvWritesTheTwoCsvFilesAndNothingElse()
    {
        var outcome = await ReportWriter.WriteAsync(FakeRun.Create(), _directory, new ReportOptions { Formats = ["csv"] });

        Assert.Multiple(() =>
        {
            Assert.That(outcome.Files, Is.EqualTo(new[] { "cases.csv", "summary.csv" }));
            Assert.That(Directory.GetFileSystemEntries(_directory).Select(Path.GetFileName), Is.EquivalentTo(new[] { "cases.csv", "summary.csv" }), "no report.html, no charts/");
        });
    }

    [Test]
    public async Task ReportWritesDataFilesChartsAndHtml()
    {
        var outcome = await ReportWriter.WriteAsync(FakeRun.Create(), _directory);

        var charts = ReportCharts.Of(FakeRun.Create()).Select(c => c.Name).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Messages, Is.Empty);
            Assert.That(outcome.Files, Is.EqualTo(new[] { "cases.csv", "summary.csv", "run.json", "summary.md", "junit.xml" }
                .Concat(charts.Select(c => $"charts/{c}.json"))
                .Concat(charts.SelectMany(c => new[] { $"charts/{c}.svg", $"charts/{c}.png" }))
                .Append("report.html")));
            Assert.That(outcome.Files.Select(f => Path.Combine(_directory, f)), Has.All.Matches<string>(File.Exists));
        });
    }

    [Test]
    public async Task WithoutStaticChartsTheHtmlStillShowsEveryChartInline()
    {
        var outcome = await ReportWriter.WriteAsync(FakeRun.Create(), _directory, new ReportOptions { RenderStaticCharts = false });

        var html = await File.ReadAllTextAsync(Path.Combine(_directory, "report.html"));
        var charts = ReportCharts.Of(FakeRun.Create());
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Messages, Is.Empty);
            Assert.That(Directory.GetFiles(Path.Combine(_directory, "charts"), "*.svg"), Is.Empty);
            Assert.That(Directory.GetFiles(Path.Combine(_directory, "charts"), "*.json"), Has.Length.EqualTo(charts.Count));
            Assert.That(InlineChart().Matches(html).Select(m => m.Groups[1].Value), Is.EqualTo(charts.Select(c => c.Name)));
        });
    }

    [Test]
    public async Task WritingAgainRemovesChartsThatNoLongerHaveData()
    {
        var run = FakeRun.Create();
        await ReportWriter.WriteAsync(run, _directory);
        var stale = Path.Combine(_directory, "charts", "metrics-retrieval.svg");
        Assert.That(File.Exists(stale), Is.True);
        var withoutRetrieval = run with { Summary = [.. run.Summary.Where(s => s.MetricId is not ("recall@5" or "mrr"))] };

        await ReportWriter.WriteAsync(withoutRetrieval, _directory, new ReportOptions { RenderStaticCharts = false });

        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(Path.Combine(_directory, "charts", "metrics-retrieval.json")), Is.False);
            Assert.That(File.Exists(stale), Is.False);
            Assert.That(File.Exists(Path.Combine(_directory, "charts", "metrics-answer.svg")), Is.False, "a picture older than its data is removed");
            Assert.That(File.Exists(Path.Combine(_directory, "charts", "metrics-answer.json")), Is.True);
        });
    }

    [Test]
    public async Task APipelineNameWithMarkupIsDrawnAsTextInTheInlineSvg()
    {
        var run = FakeRun.Create();
        const string Hostile = "rag <script>alert(2)</script> & \"x\"";
        var renamed = run with
        {
            Pipelines = [.. run.Pipelines.Select(p => p.Name == "rag-bm25" ? p with { Name = Hostile } : p)],
            Summary = [.. run.Summary.Select(s => s.Pipeline == "rag-bm25" ? s with { Pipeline = Hostile } : s)],
            Results = [.. run.Results.Select(r => r.Pipeline == "rag-bm25" ? r with { Pipeline = Hostile } : r)],
        };

        await ReportWriter.WriteAsync(renamed, _directory, new ReportOptions { RenderStaticCharts = false });

        var html = await File.ReadAllTextAsync(Path.Combine(_directory, "report.html"));
        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Not.Contain("<script>alert(2)"));
            Assert.That(html, Does.Contain("rag &lt;script&gt;alert(2)&lt;/script&gt; &amp; \"x\""), "the legend entry, escaped");
        });
    }

    [Test]
    public async Task ScriptInAnAnswerIsEmbeddedAsEscapedJsonNotAsMarkup()
    {
        await ReportWriter.WriteAsync(FakeRun.Create(), _directory, new ReportOptions { RenderStaticCharts = false });

        var html = await File.ReadAllTextAsync(Path.Combine(_directory, "report.html"));
        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Not.Contain("<script>alert(1)"));
            Assert.That(html, Does.Not.Contain("<b>this</b>"));
            Assert.That(html, Does.Contain("\\u003Cscript\\u003Ealert(1)\\u003C/script\\u003E"));
            Assert.That(html, Does.Not.Contain("\u2028"));
            Assert.That(html, Does.Contain("\\u2028"));
        });
    }

    [Test]
    public async Task EmbeddedDataRoundTripsTheUntrustedTextExactly()
    {
        await ReportWriter.WriteAsync(FakeRun.Create(), _directory, new ReportOptions { RenderStaticCharts = false });

        var html = await File.ReadAllTextAsync(Path.Combine(_directory, "report.html"));
        var json = DataScript().Match(html).Groups[1].Value;
        using var data = JsonDocument.Parse(json);
        var answers = data.RootElement.GetProperty("cases").EnumerateArray()
            .SelectMany(c => c.GetProperty("results").EnumerateArray())
            .Select(r => r.GetProperty("answer").GetString())
            .ToList();
        Assert.That(answers, Does.Contain(FakeRun.ScriptAnswer).And.Contain(FakeRun.FormulaAnswer).And.Contain(FakeRun.MarkdownAnswer));
    }

    [Test]
    public async Task TheHeaderCarriesTheSuitesDescription()
    {
        await ReportWriter.WriteAsync(FakeRun.Create(), _directory, new ReportOptions { RenderStaticCharts = false });

        var html = await File.ReadAllTextAsync(Path.Combine(_directory, "report.html"));
        using var data = JsonDocument.Parse(DataScript().Match(html).Groups[1].Value);
        Assert.That(data.RootElement.GetProperty("header").GetProperty("description").GetString(), Is.EqualTo("Smoke run of the medical fixture."));
    }

    [Test]
    public async Task ReportLoadsNothingFromOutsideTheFileAndRunsOnlyItsOwnScript()
    {
        await ReportWriter.WriteAsync(FakeRun.Create(), _directory, new ReportOptions { RenderStaticCharts = false });

        var html = await File.ReadAllTextAsync(Path.Combine(_directory, "report.html"));
        Assert.Multiple(() =>
        {
            Assert.That(ExternalReference().Matches(html), Is.Empty);
            Assert.That(html, Does.Not.Contain("@import").And.Not.Contain("url(http"));
            Assert.That(html, Does.Contain("default-src 'none'"));
            Assert.That(html, Does.Not.Contain("unsafe-eval"), "no chart library compiles code at run time");
            Assert.That(html.Contains("vega", StringComparison.OrdinalIgnoreCase), Is.False);
            Assert.That(ScriptEnd().Matches(html), Has.Count.EqualTo(2), "the data and the page's own script");
        });
    }

    [GeneratedRegex("<script type=\"application/json\" id=\"report-data\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex DataScript();

    [GeneratedRegex("<(?:script|link|img|iframe|source|object|embed)\\b[^>]*\\b(?:src|href|data)\\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalReference();

    [GeneratedRegex("</script", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptEnd();

    [GeneratedRegex("<figure class=\"chart\" data-chart=\"([^\"]+)\"[^>]*><svg ")]
    private static partial Regex InlineChart();
}
