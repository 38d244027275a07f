using System.Text.Json.Nodes;

using Harness.Reporting.Charts;

namespace Harness.Reporting.Tests.Browser;

/// <summary>
/// Opens report.html from disk in headless Chromium (driven over the DevTools Protocol) and uses it
/// as a person would: the charts draw, a click opens a case, hostile answer text shows as text.
/// </summary>
[Category("browser")]
public sealed class BrowserReportTests
{
    private static readonly TimeSpan _timeout = TimeSpan.FromSeconds(90);

    [Test]
    public async Task ReportOpensWithoutErrorsDrawsEveryChartAndShowsACaseWhenClicked()
    {
        if (!File.Exists(HeadlessChromium.Executable))
        {
            Assert.Ignore($"{HeadlessChromium.Executable} is not installed (apt-get install -y chromium); .ci/run installs it");
        }
        var directory = Path.Combine(TestContext.CurrentContext.WorkDirectory, "browser-report");
        Directory.CreateDirectory(directory);
        await ReportWriter.WriteAsync(FakeRun.Create(), directory, new ReportOptions { RenderStaticCharts = false });
        var report = Path.Combine(directory, ReportWriter.HtmlFileName);
        using var timeout = new CancellationTokenSource(_timeout);
        var ct = timeout.Token;

        await using var chromium = await HeadlessChromium.StartAsync(ct);
        await using var cdp = await CdpSession.ConnectAsync(chromium.BrowserEndpoint, ct);
        var target = await cdp.SendAsync("Target.createTarget", new JsonObject { ["url"] = "about:blank" }, null, ct);
        var attached = await cdp.SendAsync("Target.attachToTarget", new JsonObject { ["targetId"] = (string)target["targetId"]!, ["flatten"] = true }, null, ct);
        var page = new PageDriver(cdp, (string)attached["sessionId"]!);
        foreach (var domain in new[] { "Runtime.enable", "Log.enable", "Page.enable" })
        {
            await page.SendAsync(domain, null, ct);
        }
        await page.SendAsync("Emulation.setDeviceMetricsOverride", new JsonObject
        {
            ["width"] = 1280, ["height"] = 900, ["deviceScaleFactor"] = 1, ["mobile"] = false,
        }, ct);

        await page.SendAsync("Page.navigate", new JsonObject { ["url"] = new Uri(report).AbsoluteUri }, ct);
        await cdp.WaitForEventAsync("Page.loadEventFired", page.SessionId, ct);
        var chartCount = await page.EvaluateAsync<int>("document.querySelectorAll('figure.chart').length", ct);
        // Every chart's inline SVG is laid out with a visible size.
        var drawn = await page.WaitUntilAsync(
            "[...document.querySelectorAll('figure.chart')].every(c => { const svg = c.querySelector('svg'); return svg !== null && svg.getBoundingClientRect().width > 100 && svg.getBoundingClientRect().height > 100; })", ct);

        // Case q2 carries the <script> answer of rag-bm25: click its row as a person would.
        await page.ClickAsync("tr.case-row[data-case='1'] button.case-link", ct);
        var opened = await page.WaitUntilAsync("!document.getElementById('drilldown').hidden", ct);
        var answer = await page.EvaluateAsync<string>(
            "document.querySelector(\"#drilldown [data-pipeline='rag-bm25'] .answer\").textContent", ct);
        var answerElements = await page.EvaluateAsync<int>(
            "document.querySelector(\"#drilldown [data-pipeline='rag-bm25'] .answer\").children.length", ct);
        var scriptsInPage = await page.EvaluateAsync<int>("document.querySelectorAll('script').length", ct);
        var goldMarked = await page.EvaluateAsync<int>("document.querySelectorAll('#drilldown .passage.gold').length", ct);
        var question = await page.EvaluateAsync<string>("document.querySelector('#drilldown .question').textContent", ct);

        var drillDown = Path.Combine(directory, "report-drilldown.png");
        await page.EvaluateAsync<bool>("(document.getElementById('drilldown').scrollIntoView(), true)", ct);
        await page.ViewportScreenshotAsync(drillDown, ct);
        var screenshot = Path.Combine(directory, "report-screenshot.png");
        await page.ScreenshotAsync(screenshot, ct);
        TestContext.AddTestAttachment(screenshot, "report.html in headless Chromium after opening case q2");
        TestContext.AddTestAttachment(drillDown, "the drill-down of case q2");

        Assert.Multiple(() =>
        {
            Assert.That(page.Errors(), Is.Empty, "console errors, exceptions and error log entries");
            Assert.That(chartCount, Is.EqualTo(RunCharts.Build(FakeRun.Create()).Count));
            Assert.That(drawn, Is.True, "every chart shows its svg");
            Assert.That(opened, Is.True, "the drill-down opened");
            Assert.That(answer, Is.EqualTo(FakeRun.ScriptAnswer), "the answer is shown as its literal text");
            Assert.That(answerElements, Is.Zero, "the answer made no elements");
            Assert.That(scriptsInPage, Is.EqualTo(2), "no script element came from the data or the charts");
            Assert.That(goldMarked, Is.Zero, "case q2 has no gold evidence to mark");
            Assert.That(question, Is.EqualTo("Is <b>this</b> a trick | question?"));
            Assert.That(new FileInfo(screenshot).Length, Is.GreaterThan(10_000));
        });
    }

    [Test]
    public async Task DrillDownMarksRetrievedPassagesThatOverlapGoldEvidence()
    {
        if (!File.Exists(HeadlessChromium.Executable))
        {
            Assert.Ignore($"{HeadlessChromium.Executable} is not installed (apt-get install -y chromium); .ci/run installs it");
        }
        var directory = TestFiles.NewDirectory();
        await ReportWriter.WriteAsync(FakeRun.Create(), directory, new ReportOptions { RenderStaticCharts = false });
        using var timeout = new CancellationTokenSource(_timeout);
        var ct = timeout.Token;

        await using var chromium = await HeadlessChromium.StartAsync(ct);
        await using var cdp = await CdpSession.ConnectAsync(chromium.BrowserEndpoint, ct);
        var target = await cdp.SendAsync("Target.createTarget", new JsonObject { ["url"] = "about:blank" }, null, ct);
        var attached = await cdp.SendAsync("Target.attachToTarget", new JsonObject { ["targetId"] = (string)target["targetId"]!, ["flatten"] = true }, null, ct);
        var page = new PageDriver(cdp, (string)attached["sessionId"]!);
        await page.SendAsync("Runtime.enable", null, ct);
        await page.SendAsync("Page.enable", null, ct);
        await page.SendAsync("Page.navigate", new JsonObject { ["url"] = new Uri(Path.Combine(directory, "report.html")).AbsoluteUri }, ct);
        await cdp.WaitForEventAsync("Page.loadEventFired", page.SessionId, ct);

        await page.ClickAsync("tr.case-row[data-case='0'] button.case-link", ct);
        await page.WaitUntilAsync("!document.getElementById('drilldown').hidden", ct);
        var gold = await page.EvaluateAsync<string>(
            "[...document.querySelectorAll(\"#drilldown [data-pipeline='rag-bm25'] .passage.gold\")].map(p => p.dataset.passage).join(',')", ct);
        var claims = await page.EvaluateAsync<string>(
            "[...document.querySelectorAll(\"#drilldown [data-pipeline='rag-bm25'] tr.claim\")]" +
            ".map(r => r.querySelector('.claim-text').textContent + ' => ' + r.dataset.verdict + ' @ ' + r.querySelector('.evidence').textContent).join('\\n')", ct);
        var claimElements = await page.EvaluateAsync<int>(
            "[...document.querySelectorAll(\"#drilldown tr.claim .claim-text\")].reduce((n, c) => n + c.children.length, 0)", ct);
        var closedBookClaims = await page.EvaluateAsync<int>("document.querySelectorAll(\"#drilldown [data-pipeline='closed-book'] tr.claim\").length", ct);
        var calibration = await page.EvaluateAsync<string>("document.querySelector('#calibration-table tbody tr').textContent", ct);
        await page.ClickAsync("#summary-table th:nth-child(3)", ct);
        await page.ClickAsync("#summary-table th:nth-child(3)", ct);
        var meansDescending = await page.EvaluateAsync<string>(
            "[...document.querySelectorAll('#summary-table tbody tr td:nth-child(3)')].map(c => c.textContent).join(' ')", ct);
        await page.ClickAsync("#summary-section input.filter", ct);
        await page.SendAsync("Input.insertText", new JsonObject { ["text"] = "hybrid recall" }, ct);
        var filtered = await page.EvaluateAsync<string>(
            "[...document.querySelectorAll('#summary-table tbody tr')].map(r => r.cells[0].textContent + '/' + r.cells[1].textContent).join(' ')", ct);
        Directory.Delete(directory, recursive: true);

        Assert.Multiple(() =>
        {
            Assert.That(gold, Is.EqualTo("doc1#0"));
            Assert.That(claims, Is.EqualTo(
                "Aspirin inhibits cyclooxygenase. => supported @ doc1#0 Aspirin inhibits cyclooxygenase enzymes.\n"
                + FakeRun.HostileClaim + " => unsupported @ no evidence window"),
                "the RAG case's drill-down lists each claim with its verdict and evidence window");
            Assert.That(claimElements, Is.Zero, "claim text made no elements");
            Assert.That(closedBookClaims, Is.Zero, "the closed-book result of the fake run carries no claims");
            Assert.That(calibration, Does.StartWith("expertqa10007200.567 [0.531, 0.603]"), "the scorer's calibration beside faithfulness");
            Assert.That(filtered, Is.EqualTo("hybrid/Recall@5"), "typing in the filter keeps the rows with every word");
            Assert.That(meansDescending, Does.StartWith("200.5 180.5 160.5 140.5 0.805 0.765").And.EndWith("– – – –"),
                "two clicks on Mean sort descending, blanks last");
            Assert.That(page.Errors(), Is.Empty);
        });
    }

    [Test]
    public async Task WithHumanLabelsTheFaithfulnessSectionShowsTheThreeIntervals()
    {
        if (!File.Exists(HeadlessChromium.Executable))
        {
            Assert.Ignore($"{HeadlessChromium.Executable} is not installed (apt-get install -y chromium); .ci/run installs it");
        }
        var directory = Path.Combine(TestContext.CurrentContext.WorkDirectory, "browser-report-labels");
        Directory.CreateDirectory(directory);
        await ReportWriter.WriteAsync(FakeRun.Create() with { Labels = FakeRun.Labels }, directory, new ReportOptions { RenderStaticCharts = false });
        using var timeout = new CancellationTokenSource(_timeout);
        var ct = timeout.Token;
        await using var chromium = await HeadlessChromium.StartAsync(ct);
        await using var cdp = await CdpSession.ConnectAsync(chromium.BrowserEndpoint, ct);
        var target = await cdp.SendAsync("Target.createTarget", new JsonObject { ["url"] = "about:blank" }, null, ct);
        var attached = await cdp.SendAsync("Target.attachToTarget", new JsonObject { ["targetId"] = (string)target["targetId"]!, ["flatten"] = true }, null, ct);
        var page = new PageDriver(cdp, (string)attached["sessionId"]!);
        foreach (var domain in new[] { "Runtime.enable", "Log.enable", "Page.enable" })
        {
            await page.SendAsync(domain, null, ct);
        }

        await page.SendAsync("Page.navigate", new JsonObject { ["url"] = new Uri(Path.Combine(directory, ReportWriter.HtmlFileName)).AbsoluteUri }, ct);
        await cdp.WaitForEventAsync("Page.loadEventFired", page.SessionId, ct);
        var row = await page.EvaluateAsync<string>(
            "[...document.querySelectorAll('#labelled-table tbody tr td')].map(c => c.textContent).join(' | ')", ct);
        Directory.Delete(directory, recursive: true);

        Assert.Multiple(() =>
        {
            Assert.That(row, Is.EqualTo("rag-bm25 | faithfulness | 150 / 1000 | 0.700 [0.620, 0.772] | 0.900 [0.880, 0.918] (uncalibrated) | 0.712 [0.650, 0.774]"),
                "n labelled / N judged, then the labels-only, scorer-only and prediction-powered intervals");
            Assert.That(page.Errors(), Is.Empty);
        });
    }
}
