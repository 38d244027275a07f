using System.Text.Json;
using System.Text.RegularExpressions;
using Harness.Reporting.Charts;

namespace Harness.Reporting.Tests;

public sealed partial class HtmlReportTests
{
    private string _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = TestFiles.NewDirectory();

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public async Task ReportWritesDataFilesChartsAndHtml()
    {
        Repository.RequireRenderer();

        var outcome = await ReportWriter.WriteAsync(FakeRun.Create(), _directory, new ReportOptions { Renderer = Repository.Renderer() });

        var charts = RunCharts.Build(FakeRun.Create()).Select(c => c.Name).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Messages, Is.Empty);
            Assert.That(outcome.Files, Is.EqualTo(new[] { "cases.csv", "summary.csv", "run.json", "summary.md", "junit.xml" }
                .Concat(charts.Select(c => $"charts/{c}.vl.json"))
                .Concat(charts.SelectMany(c => new[] { $"charts/{c}.svg", $"charts/{c}.png" }))
                .Append("report.html")));
            Assert.That(outcome.Files.Select(f => Path.Combine(_directory, f)), Has.All.Matches<string>(File.Exists));
        });
    }

    [Test]
    public async Task WithoutTheRendererCsvAndHtmlAreStillWrittenAndOneMessageSaysHowToInstallIt()
    {
        var missing = new VegaRenderer(Path.Combine(_directory, "no-renderer-here"));

        var outcome = await ReportWriter.WriteAsync(FakeRun.Create(), _directory, new ReportOptions { Renderer = missing });

        Assert.Multiple(() =>
        {
            Assert.That(outcome.Messages, Has.Count.EqualTo(1));
            Assert.That(outcome.Messages[0], Does.Contain("bash native/vega/install.sh"));
            Assert.That(File.Exists(Path.Combine(_directory, "cases.csv")), Is.True);
            Assert.That(File.Exists(Path.Combine(_directory, "report.html")), Is.True);
            Assert.That(Directory.GetFiles(Path.Combine(_directory, "charts"), "*.svg"), Is.Empty);
        });
    }

    [Test]
    public async Task WritingAgainRemovesChartsThatNoLongerHaveData()
    {
        var renderer = new VegaRenderer(Path.Combine(_directory, "no-renderer-here"));
        var run = FakeRun.Create();
        await ReportWriter.WriteAsync(run, _directory, new ReportOptions { Renderer = renderer });
        var stale = Path.Combine(_directory, "charts", "metrics-retrieval.svg");
        await File.WriteAllTextAsync(stale, "<svg/>");
        var withoutRetrieval = run with { Summary = [.. run.Summary.Where(s => s.MetricId is not ("recall@5" or "mrr"))] };

        await ReportWriter.WriteAsync(withoutRetrieval, _directory, new ReportOptions { Renderer = renderer });

        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(Path.Combine(_directory, "charts", "metrics-retrieval.vl.json")), Is.False);
            Assert.That(File.Exists(stale), Is.False);
            Assert.That(File.Exists(Path.Combine(_directory, "charts", "metrics-answer.vl.json")), Is.True);
        });
    }

    [Test]
    public async Task ScriptInAnAnswerIsEmbeddedAsEscapedJsonNotAsMarkup()
    {
        await ReportWriter.WriteAsync(FakeRun.Create(), _directory, new ReportOptions { Renderer = Repository.Renderer(), RenderStaticCharts = false });

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
        await ReportWriter.WriteAsync(FakeRun.Create(), _directory, new ReportOptions { Renderer = Repository.Renderer(), RenderStaticCharts = false });

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
    public async Task ReportMarkupLoadsNothingFromOutsideTheFile()
    {
        // Without the inlined libraries (whose code holds markup in string literals) the page is its
        // template and data; the Content-Security-Policy forbids every fetch for the libraries too.
        var withoutLibraries = new VegaRenderer(Path.Combine(_directory, "no-renderer-here"));
        await ReportWriter.WriteAsync(FakeRun.Create(), _directory, new ReportOptions { Renderer = withoutLibraries });

        var html = await File.ReadAllTextAsync(Path.Combine(_directory, "report.html"));
        Assert.Multiple(() =>
        {
            Assert.That(ExternalReference().Matches(html), Is.Empty);
            Assert.That(html, Does.Not.Contain("@import").And.Not.Contain("url(http"));
            Assert.That(html, Does.Contain("default-src 'none'"));
        });
    }

    [Test]
    public async Task ReportInlinesTheChartLibrariesWhenTheyAreInstalled()
    {
        var renderer = Repository.RequireRenderer();

        await ReportWriter.WriteAsync(FakeRun.Create(), _directory, new ReportOptions { Renderer = renderer, RenderStaticCharts = false });

        var html = await File.ReadAllTextAsync(Path.Combine(_directory, "report.html"));
        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain(".vegaEmbed=").Or.Contain("vegaEmbed="));
            Assert.That(html, Does.Contain("vegaLite"));
            Assert.That(ScriptEnd().Matches(html), Has.Count.EqualTo(3), "only the page's own three script elements end in the file");
        });
    }

    [TestCase("a</script>b", "a<\\/script>b")]
    [TestCase("x</SCRIPT y", "x<\\/SCRIPT y")]
    [TestCase("<!-- c", "<\\!-- c")]
    public void InlinedLibraryCodeCannotCloseItsScriptElement(string code, string expected) =>
        Assert.That(Html.HtmlReportWriter.EscapeScript(code), Is.EqualTo(expected));

    [GeneratedRegex("<script type=\"application/json\" id=\"report-data\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex DataScript();

    [GeneratedRegex("<(?:script|link|img|iframe|source|object|embed)\\b[^>]*\\b(?:src|href|data)\\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalReference();

    [GeneratedRegex("</script", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptEnd();
}
