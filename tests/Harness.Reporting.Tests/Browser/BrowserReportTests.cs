using System.Text.Json.Nodes;
using Harness.Reporting.Decision;


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
        var directory = Path.Combine(TestContext.CurrentContext.WorkDirectory, "browser-report");
        using var timeout = new CancellationTokenSource(_timeout);
        var ct = timeout.Token;

        await using var tab = await ReportTab.OfRunAsync(FakeRun.Create(), directory, ct);
        var page = tab.Page;
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
        var suite = await page.EvaluateAsync<string>("document.querySelector('#facts dd').textContent", ct);

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
            Assert.That(chartCount, Is.EqualTo(ReportCharts.Of(FakeRun.Create()).Count));
            Assert.That(drawn, Is.True, "every chart shows its svg");
            Assert.That(opened, Is.True, "the drill-down opened");
            Assert.That(answer, Is.EqualTo(FakeRun.ScriptAnswer), "the answer is shown as its literal text");
            Assert.That(answerElements, Is.Zero, "the answer made no elements");
            Assert.That(scriptsInPage, Is.EqualTo(2), "no script element came from the data or the charts");
            Assert.That(goldMarked, Is.Zero, "case q2 has no gold evidence to mark");
            Assert.That(question, Is.EqualTo("Is <b>this</b> a trick | question?"));
            Assert.That(suite, Is.EqualTo("medical-smoke — Smoke run of the medical fixture."), "the header names the suite with its description");
            Assert.That(new FileInfo(screenshot).Length, Is.GreaterThan(10_000));
        });
    }

    [Test]
    public async Task DrillDownMarksRetrievedPassagesThatOverlapGoldEvidence()
    {
        var directory = TestFiles.NewDirectory();
        using var timeout = new CancellationTokenSource(_timeout);
        var ct = timeout.Token;

        await using var tab = await ReportTab.OfRunAsync(FakeRun.Create(), directory, ct);
        var page = tab.Page;

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
        var recall = await page.EvaluateAsync<string>(
            "[...document.querySelectorAll(\"#summary-table tr[data-metric='recall@5'] > *\")].map(c => c.textContent).join(' | ')", ct);
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
            // FakeRun: recall@5 = 0.1 + 0.175 × p + 0.08 ± 0.1 for the retrieving pipelines rag-bm25 (p = 1) and
            // hybrid (p = 3): 0.355 [0.255, 0.455] and 0.705 [0.605, 0.805]; a ratio has no unit.
            Assert.That(recall, Is.EqualTo("Recall@5 |  | – | 0.355[0.255, 0.455] | – | 0.705[0.605, 0.805]"),
                "the summary's recall@5 row: a cell per pipeline, mean over CI");
            Assert.That(page.Errors(), Is.Empty);
        });
    }

    [Test]
    public async Task TheDecisionOpensThePageWithASentenceThatFollowsTheVerdictsAndLaidOutParetoCharts()
    {
        if (!File.Exists(HeadlessChromium.Executable))
        {
            Assert.Ignore($"{HeadlessChromium.Executable} is not installed (apt-get install -y chromium); .ci/run installs it");
        }
        var directory = Path.Combine(TestContext.CurrentContext.WorkDirectory, "browser-decision-report");
        Directory.CreateDirectory(directory);
        await ReportWriter.WriteAsync(DecisionRun.Create(["closed-book", "rag-bm25", "fine-tuned"]), directory, new ReportOptions { RenderStaticCharts = false });
        using var timeout = new CancellationTokenSource(_timeout);
        var ct = timeout.Token;

        await using var tab = await ReportTab.OpenAsync(Path.Combine(directory, ReportWriter.HtmlFileName), ct);
        var page = tab.Page;
        var firstSection = await page.EvaluateAsync<string>("[...document.querySelectorAll('main > section')].find(s => !s.hidden).id", ct);
        var aboveGates = await page.EvaluateAsync<bool>(
            "document.getElementById('decision-section').getBoundingClientRect().bottom <= document.getElementById('gates-section').getBoundingClientRect().top", ct);
        var sentence = await page.EvaluateAsync<string>("document.getElementById('decision-sentence').textContent", ct);
        var verdicts = await page.EvaluateAsync<string>(
            "[...document.querySelectorAll('#decision-differences tbody tr')].map(r => r.lastElementChild.textContent).join(' | ')", ct);
        var pareto = await page.EvaluateAsync<string>(
            "[...document.querySelectorAll('#decision-charts figure.chart')].filter(f => { const r = f.querySelector('svg').getBoundingClientRect(); return r.width > 100 && r.height > 100; }).map(f => f.dataset.chart).join(', ')", ct);
        var overflow = await page.EvaluateAsync<int>(HorizontalOverflow, ct);
        var screenshot = Path.Combine(directory, "report-screenshot.png");
        await page.ScreenshotAsync(screenshot, ct);
        TestContext.AddTestAttachment(screenshot, "the decision section of a three-approach report");

        Assert.Multiple(() =>
        {
            Assert.That(page.Errors(), Is.Empty);
            Assert.That(firstSection, Is.EqualTo("decision-section"), "the decision is the page's first section");
            Assert.That(aboveGates, Is.True, "it stands above the gates");
            // DecisionTests works these verdicts out by hand: RAG − closed-book = 0.5 on all 10 cases (Holm p = 6/1024),
            // RAG − fine-tuned ±0.25 (Holm p = 1, about 323 cases needed at α = 0.05 / 6), 200 tokens per case against 50.
            Assert.That(sentence, Is.EqualTo(
                "On covidqa-fixture (10 cases), RAG (rag-bm25) has the best mean Token F1, 0.750 [0.700, 0.800]: "
                + "it beats closed-book by 0.500 [0.500, 0.500]; fine-tuned does not separate from it (inconclusive, about 323 cases needed); "
                + "it costs 4.0× the tokens per case of fine-tuned (200 vs 50)."));
            Assert.That(verdicts, Is.EqualTo("inconclusive, about 323 cases needed | RAG beats closed-book | fine-tuned beats closed-book"));
            Assert.That(pareto, Is.EqualTo($"{DecisionCharts.CostChart}, {DecisionCharts.LatencyChart}"), "both Pareto charts drawn at a visible size");
            Assert.That(overflow, Is.LessThanOrEqualTo(0), "no horizontal scrolling at 1,280 px");
        });
    }

    /// <summary>
    /// What the page measures of each chart: its smallest text as drawn (SVG font size × the scale the page
    /// gives the chart) and the pairs of its labels that overlap or, side by side, stand less than 4 px apart.
    /// </summary>
    private const string ChartLegibility = """
        JSON.stringify([...document.querySelectorAll('figure.chart')].map(figure => {
          const svg = figure.querySelector('svg');
          const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
          const texts = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim() !== '');
          const boxes = texts.map(t => t.getBoundingClientRect());
          const overlaps = [];
          for (let i = 0; i < boxes.length; i++)
            for (let j = i + 1; j < boxes.length; j++) {
              const a = boxes[i], b = boxes[j];
              if (Math.min(a.right, b.right) - Math.max(a.left, b.left) > -4 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1)
                overlaps.push(texts[i].textContent.trim() + ' / ' + texts[j].textContent.trim());
            }
          return { name: figure.dataset.chart, smallest: Math.min(...texts.map(t => parseFloat(t.getAttribute('font-size')) * scale)), overlaps };
        }))
        """;

    // How far the page, or the widest of its scrolling table boxes, is wider than what shows.
    private const string HorizontalOverflow = """
        Math.max(...[document.documentElement, ...document.querySelectorAll('#decision, #summary, #cases, #faithfulness')].map(e => e.scrollWidth - e.clientWidth))
        """;

    [Test]
    public async Task ARealisticReportFitsA1280PixelWindowWithLegibleChartsAndASummaryPivot()
    {
        var directory = Path.Combine(TestContext.CurrentContext.WorkDirectory, "browser-realistic-report");
        using var timeout = new CancellationTokenSource(_timeout);
        var ct = timeout.Token;

        await using var tab = await ReportTab.OfRunAsync(RealisticRun.Create(), directory, ct);
        var page = tab.Page;
        var overflow = await page.EvaluateAsync<int>(HorizontalOverflow, ct);
        var charts = JsonNode.Parse(await page.EvaluateAsync<string>(ChartLegibility, ct))!.AsArray();
        var header = await page.EvaluateAsync<string>(
            "[...document.querySelectorAll('#summary-table thead th')].map(c => c.textContent).join(' | ')", ct);
        var groups = await page.EvaluateAsync<string>(
            "[...document.querySelectorAll('#summary-table tr.group')].map(r => r.textContent).join(' | ')", ct);
        var recall = await page.EvaluateAsync<string>(
            "[...document.querySelectorAll(\"#summary-table tr[data-metric='recall@5'] td\")].map(c => c.textContent).join(' | ')", ct);
        var rowsWithoutValue = await page.EvaluateAsync<int>(
            "[...document.querySelectorAll('#summary-table tr[data-metric]')].filter(r => [...r.querySelectorAll('td.num')].every(c => c.textContent === '–')).length", ct);
        var metricRows = await page.EvaluateAsync<int>("document.querySelectorAll('#summary-table tr[data-metric]').length", ct);
        await page.ClickAsync("tr.case-row[data-case='0'] button.case-link", ct);
        await page.WaitUntilAsync("!document.getElementById('drilldown').hidden", ct);
        var overflowWithDrillDown = await page.EvaluateAsync<int>(HorizontalOverflow, ct);
        var screenshot = Path.Combine(directory, "report-screenshot.png");
        await page.ScreenshotAsync(screenshot, ct);
        TestContext.AddTestAttachment(screenshot, "a seven-pipeline report at 1,280 px");

        var unreadable = charts.Select(c => c!.AsObject())
            .Where(c => (double)c["smallest"]! < 11 || c["overlaps"]!.AsArray().Count > 0)
            .Select(c => c.ToJsonString());
        Assert.Multiple(() =>
        {
            Assert.That(page.Errors(), Is.Empty);
            Assert.That(overflow, Is.LessThanOrEqualTo(0), "no horizontal scrolling at 1,280 px, of the page or a table");
            Assert.That(overflowWithDrillDown, Is.LessThanOrEqualTo(0), "none with a case opened either");
            Assert.That(charts.Select(c => (string)c!["name"]!), Is.SupersetOf(new[]
            {
                DecisionCharts.CostChart, DecisionCharts.LatencyChart,
                "metrics-retrieval-precision", "metrics-retrieval-recall", "metrics-retrieval-hit", "metrics-retrieval-ndcg", "metrics-retrieval",
                "metrics-cost-tokens", "metrics-cost-s", "metrics-cost-mb", "metrics-cost-usd",
            }), "a chart per retrieval measure and per cost unit");
            Assert.That(unreadable, Is.Empty, "every chart's text is drawn at 11 px or more, and no two labels touch");
            Assert.That(header, Is.EqualTo("Metric | Unit | " + string.Join(" | ", RealisticRun.PipelineNames)));
            Assert.That(groups, Is.EqualTo(
                "Retrieval | Answer quality | Faithfulness and hallucination | Latency | Traceability | Fluency | Relevance | Cost"));
            // recall@5 is metric 4 (precision@1, @5, @10, recall@1, recall@5): rag-bm25 (pipeline 1) 0.15 + 0.1 × ((1 + 4) mod 7)
            // = 0.65 ± 0.1; rag-dense 0.15 + 0.6 = 0.75, CI [0.65, 0.85]; rag-hybrid 0.15 + 0.0 = 0.15, CI [0.05, 0.25];
            // hybrid (5): (5 + 4) mod 7 = 2, 0.35 [0.25, 0.45]; extractive (6): 3, 0.45 [0.35, 0.55].
            Assert.That(recall, Is.EqualTo(
                " | – | 0.650[0.550, 0.750] | 0.750[0.650, 0.850] | 0.150[0.050, 0.250] | – | 0.350[0.250, 0.450] | 0.450[0.350, 0.550]"));
            Assert.That(rowsWithoutValue, Is.Zero, "a metric that applies to no pipeline has no row");
            // Every metric of the run but citation precision, which applies to no pipeline.
            Assert.That(metricRows, Is.EqualTo(RealisticRun.Metrics.Count - 1));
        });
    }

    [Test]
    public async Task WithHumanLabelsTheFaithfulnessSectionShowsTheThreeIntervals()
    {
        var directory = TestFiles.NewDirectory();
        using var timeout = new CancellationTokenSource(_timeout);
        var ct = timeout.Token;

        await using var tab = await ReportTab.OfRunAsync(FakeRun.Create() with { Labels = FakeRun.Labels }, directory, ct);
        var page = tab.Page;
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
