using System.Text.Json;
using System.Xml.Linq;
using Harness.Core.Gates;
using Harness.Reporting.Exporters;

namespace Harness.Reporting.Tests;

public sealed class SummaryExporterTests
{
    private string _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = TestFiles.NewDirectory();

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public async Task RunJsonRecordsConfigurationEnvironmentAndModelHashes()
    {
        await new RunJsonExporter().ExportAsync(FakeRun.Create(), _directory, CancellationToken.None);

        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_directory, "run.json")));
        var root = json.RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("run").GetProperty("runId").GetString(), Is.EqualTo("20260101-000000-abc123"));
            Assert.That(root.GetProperty("run").GetProperty("seed").GetInt32(), Is.EqualTo(42));
            Assert.That(root.GetProperty("environment").GetProperty("models")[0].GetProperty("sha256").GetString(), Is.EqualTo("ab12cd34ef56"));
            Assert.That(root.GetProperty("pipelines").GetArrayLength(), Is.EqualTo(4));
            Assert.That(root.GetProperty("metrics")[0].GetProperty("id").GetString(), Is.EqualTo("recall@5"));
            Assert.That(root.GetProperty("gates")[1].GetProperty("verdict").GetString(), Is.EqualTo("fail"));
        });
    }

    [Test]
    public async Task RunJsonSaysItsFormatVersionFirstSoAReaderChecksItBeforeTheRest()
    {
        await new RunJsonExporter().ExportAsync(FakeRun.Create(), _directory, CancellationToken.None);

        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_directory, "run.json")));
        var first = json.RootElement.EnumerateObject().First();
        // Version 1 is the layout this harness writes; a reader compares it with the ones it knows.
        Assert.That((first.Name, first.Value.GetInt32()), Is.EqualTo(("formatVersion", 1)));
    }

    [Test]
    public void MarkdownSummaryListsGatesAndEscapesTextThatWouldBreakTheTable()
    {
        var markdown = MarkdownSummaryExporter.Render(FakeRun.Create());

        Assert.Multiple(() =>
        {
            Assert.That(markdown, Does.Contain("1 passed, 1 inconclusive (too few cases), 1 failed."));
            Assert.That(markdown, Does.Contain("| ❌ fail | medical-smoke / hybrid / hallucination\\_rate ≤ 0.30 | 0.400 | [0.300, 0.500] | 0.300 | 1 |"));
            Assert.That(markdown, Does.Contain("&lt;script&gt;x&lt;/script&gt;"));
            Assert.That(markdown, Does.Not.Contain("<script>"));
            Assert.That(markdown, Does.Contain(
                "| Pipeline | Kind | Token F1 (95% CI) | Recall@5 (95% CI) | Faithfulness (95% CI) | Hallucination rate (95% CI) | Label accuracy (95% CI) | Median total latency (ms) | Errors |"));
            Assert.That(markdown, Does.Contain("| rag-bm25 | rag | 0.355 [0.255, 0.455] | 0.355 [0.255, 0.455] |"));
            Assert.That(markdown, Does.Contain("| 150.1 | 0 |"), "rag-bm25's two answers took 150.125 ms each");
        });
    }

    [Test]
    public void MarkdownSummaryShowsTheThreeIntervalsOfALabelledAggregate()
    {
        var markdown = MarkdownSummaryExporter.Render(FakeRun.Create() with { Labels = FakeRun.Labels });

        Assert.Multiple(() =>
        {
            Assert.That(markdown, Does.Contain("## Human labels"));
            Assert.That(markdown, Does.Contain("| rag-bm25 | faithfulness | 150 / 1000 | 0.700 [0.620, 0.772] | 0.900 [0.880, 0.918] | 0.712 [0.650, 0.774] |"),
                "n labelled / N judged, then the labels-only, scorer-only and prediction-powered intervals");
            Assert.That(MarkdownSummaryExporter.Render(FakeRun.Create()), Does.Not.Contain("## Human labels"), "no section without labels");
        });
    }

    [TestCase("a | b", "a &#124; b")]
    [TestCase("`rm -rf`", "\\`rm -rf\\`")]
    [TestCase("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert\\(1\\)&gt;")]
    [TestCase("line\r\nbreak", "line break")]
    [TestCase("[link](http://x)", "\\[link\\]\\(http://x\\)")]
    public void MarkdownTextEscapesCellBreakingCodeLinkAndHtmlCharacters(string text, string expected) =>
        Assert.That(MarkdownText.Escape(text), Is.EqualTo(expected));

    [Test]
    public async Task JUnitReportsFailedGatesAsFailuresAndInconclusiveGatesAsSkipped()
    {
        await new JUnitExporter().ExportAsync(FakeRun.Create(), _directory, CancellationToken.None);

        var document = XDocument.Load(Path.Combine(_directory, "junit.xml"));
        var suite = document.Root!.Element("testsuite")!;
        var cases = suite.Elements("testcase").ToList();
        Assert.Multiple(() =>
        {
            Assert.That((int)suite.Attribute("tests")!, Is.EqualTo(3));
            Assert.That((int)suite.Attribute("failures")!, Is.EqualTo(1));
            Assert.That((int)suite.Attribute("skipped")!, Is.EqualTo(1));
            Assert.That(cases[0].Elements("failure"), Is.Empty);
            Assert.That(cases[1].Element("failure")!.Attribute("message")!.Value, Is.EqualTo("upper bound 0.5 > 0.30 <script>x</script>"));
            Assert.That(cases[2].Element("skipped")!.Attribute("message")!.Value, Does.StartWith("inconclusive (too few cases): too few cases: need 40"));
            Assert.That((string)cases[1].Attribute("classname")!, Is.EqualTo("medical-smoke.hybrid"));
        });
    }

    [Test]
    public async Task JUnitEncodesMarkupAndReplacesCharactersXmlCannotHold()
    {
        var gate = new GateResult("gate \0 with <b>markup</b> & nul", GateVerdict.Fail, "bad \u0001 char");
        await new JUnitExporter().ExportAsync(FakeRun.Create([gate]), _directory, CancellationToken.None);

        var raw = await File.ReadAllTextAsync(Path.Combine(_directory, "junit.xml"));
        var name = XDocument.Parse(raw).Root!.Element("testsuite")!.Element("testcase")!.Attribute("name")!.Value;
        Assert.Multiple(() =>
        {
            Assert.That(raw, Does.Contain("&lt;b&gt;markup&lt;/b&gt; &amp; nul"));
            Assert.That(name, Is.EqualTo("gate \uFFFD with <b>markup</b> & nul"));
        });
    }
}
