using System.Text.Json.Nodes;

namespace Harness.Reporting.Tests.Browser;

/// <summary>Commands to one page (an attached target session): evaluate, wait, click, screenshot, and its errors.</summary>
internal sealed class PageDriver(CdpSession cdp, string sessionId)
{
    public string SessionId { get; } = sessionId;

    public Task<JsonObject> SendAsync(string method, JsonObject? parameters, CancellationToken cancellationToken) =>
        cdp.SendAsync(method, parameters, SessionId, cancellationToken);

    public async Task<T> EvaluateAsync<T>(string expression, CancellationToken cancellationToken) =>
        (await EvaluateJsonAsync(expression, cancellationToken))!.GetValue<T>();

    public async Task<JsonNode?> EvaluateJsonAsync(string expression, CancellationToken cancellationToken)
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject
        {
            ["expression"] = expression,
            ["returnByValue"] = true,
            ["awaitPromise"] = true,
        }, cancellationToken);
        if (result["exceptionDetails"] is { } exception)
        {
            throw new InvalidOperationException($"page script failed: {expression}: {exception.ToJsonString()}");
        }
        return result["result"]!["value"];
    }

    /// <summary>Polls a boolean expression until it holds; false when the time runs out.</summary>
    public async Task<bool> WaitUntilAsync(string expression, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(30));
        try
        {
            while (!await EvaluateAsync<bool>(expression, limit.Token))
            {
                await Task.Delay(100, limit.Token);
            }
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>A real mouse click (pressed and released) at the centre of the element, scrolled into view.</summary>
    public async Task ClickAsync(string selector, CancellationToken cancellationToken)
    {
        var box = await EvaluateJsonAsync(
            $"(() => {{ const e = document.querySelector({JsonValue.Create(selector).ToJsonString()}); e.scrollIntoView({{ block: 'center' }});" +
            " const r = e.getBoundingClientRect(); return { x: r.x + r.width / 2, y: r.y + r.height / 2 }; })()",
            cancellationToken);
        foreach (var type in new[] { "mousePressed", "mouseReleased" })
        {
            await SendAsync("Input.dispatchMouseEvent", new JsonObject
            {
                ["type"] = type, ["x"] = box!["x"]!.DeepClone(), ["y"] = box["y"]!.DeepClone(), ["button"] = "left", ["clickCount"] = 1,
            }, cancellationToken);
        }
    }

    /// <summary>What the viewport shows now, as PNG.</summary>
    public async Task ViewportScreenshotAsync(string path, CancellationToken cancellationToken)
    {
        var shot = await SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png" }, cancellationToken);
        await File.WriteAllBytesAsync(path, Convert.FromBase64String((string)shot["data"]!), cancellationToken);
    }

    /// <summary>The whole page (beyond the viewport) as PNG.</summary>
    public async Task ScreenshotAsync(string path, CancellationToken cancellationToken)
    {
        var metrics = await SendAsync("Page.getLayoutMetrics", null, cancellationToken);
        var size = metrics["cssContentSize"]!;
        var shot = await SendAsync("Page.captureScreenshot", new JsonObject
        {
            ["format"] = "png",
            ["captureBeyondViewport"] = true,
            ["clip"] = new JsonObject
            {
                ["x"] = 0, ["y"] = 0, ["width"] = size["width"]!.DeepClone(), ["height"] = size["height"]!.DeepClone(), ["scale"] = 1,
            },
        }, cancellationToken);
        await File.WriteAllBytesAsync(path, Convert.FromBase64String((string)shot["data"]!), cancellationToken);
    }

    /// <summary>Console errors, uncaught exceptions and error log entries of this page so far.</summary>
    public IReadOnlyList<string> Errors() =>
    [
        .. cdp.Events.Where(e => (string?)e["sessionId"] == SessionId).Select(Describe).OfType<string>(),
    ];

    private static string? Describe(JsonObject e) => (string?)e["method"] switch
    {
        "Runtime.consoleAPICalled" when (string?)e["params"]!["type"] is "error" or "assert" => "console: " + e["params"]!["args"]!.ToJsonString(),
        "Runtime.exceptionThrown" => "exception: " + e["params"]!["exceptionDetails"]!.ToJsonString(),
        "Log.entryAdded" when (string?)e["params"]!["entry"]!["level"] == "error" => "log: " + e["params"]!["entry"]!.ToJsonString(),
        _ => null,
    };
}
