using System.Text.Json.Nodes;
using Harness.Core.Results;

namespace Harness.Reporting.Tests.Browser;

/// <summary>A report file opened in a fresh headless Chromium at a desktop window size, the page loaded and its errors recorded.</summary>
internal sealed class ReportTab : IAsyncDisposable
{
    public const int Width = 1280;

    private readonly HeadlessChromium _chromium;
    private readonly CdpSession _cdp;

    private ReportTab(HeadlessChromium chromium, CdpSession cdp, PageDriver page)
    {
        _chromium = chromium;
        _cdp = cdp;
        Page = page;
    }

    public PageDriver Page { get; }

    /// <summary>Writes <paramref name="run"/>'s report (charts inline only) into <paramref name="directory"/> and opens it; ignores the test without Chromium.</summary>
    public static async Task<ReportTab> OfRunAsync(RunResult run, string directory, CancellationToken cancellationToken)
    {
        if (!File.Exists(HeadlessChromium.Executable))
        {
            Assert.Ignore($"{HeadlessChromium.Executable} is not installed (apt-get install -y chromium); .ci/run installs it");
        }
        Directory.CreateDirectory(directory);
        await ReportWriter.WriteAsync(run, directory, new ReportOptions { RenderStaticCharts = false }, cancellationToken);
        return await OpenAsync(Path.Combine(directory, ReportWriter.HtmlFileName), cancellationToken);
    }

    public static async Task<ReportTab> OpenAsync(string report, CancellationToken cancellationToken)
    {
        var chromium = await HeadlessChromium.StartAsync(cancellationToken);
        var cdp = await CdpSession.ConnectAsync(chromium.BrowserEndpoint, cancellationToken);
        var target = await cdp.SendAsync("Target.createTarget", new JsonObject { ["url"] = "about:blank" }, null, cancellationToken);
        var attached = await cdp.SendAsync("Target.attachToTarget", new JsonObject { ["targetId"] = (string)target["targetId"]!, ["flatten"] = true }, null, cancellationToken);
        var page = new PageDriver(cdp, (string)attached["sessionId"]!);
        foreach (var domain in new[] { "Runtime.enable", "Log.enable", "Page.enable" })
        {
            await page.SendAsync(domain, null, cancellationToken);
        }
        await page.SendAsync("Emulation.setDeviceMetricsOverride", new JsonObject
        {
            ["width"] = Width, ["height"] = 900, ["deviceScaleFactor"] = 1, ["mobile"] = false,
        }, cancellationToken);
        await page.SendAsync("Page.navigate", new JsonObject { ["url"] = new Uri(report).AbsoluteUri }, cancellationToken);
        await cdp.WaitForEventAsync("Page.loadEventFired", page.SessionId, cancellationToken);
        return new ReportTab(chromium, cdp, page);
    }

    public async ValueTask DisposeAsync()
    {
        await _cdp.DisposeAsync();
        await _chromium.DisposeAsync();
    }
}
