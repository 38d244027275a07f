using System.Diagnostics;

namespace Harness.Reporting.Tests.Browser;

/// <summary>
/// Debian's Chromium started headless with a throw-away profile, its DevTools endpoint on a port the
/// browser picks (read from DevToolsActivePort in the profile folder).
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    public const string Executable = "/usr/bin/chromium";

    private readonly Process _process;
    private readonly string _profile;

    private HeadlessChromium(Process process, string profile, Uri browserEndpoint)
    {
        _process = process;
        _profile = profile;
        BrowserEndpoint = browserEndpoint;
    }

    public Uri BrowserEndpoint { get; }

    public static async Task<HeadlessChromium> StartAsync(CancellationToken cancellationToken)
    {
        var profile = Path.Combine(Path.GetTempPath(), "harness-chromium-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(profile);
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--remote-debugging-port=0", $"--user-data-dir={profile}",
            "about:blank",
        })
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {Executable}");
        // Chromium logs to stderr; drain both streams so it never blocks on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var portFile = Path.Combine(profile, "DevToolsActivePort");
        while (!File.Exists(portFile) || File.ReadAllLines(portFile).Length < 2)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"chromium exited with code {process.ExitCode} before opening DevTools");
            }
            await Task.Delay(100, cancellationToken);
        }
        var lines = await File.ReadAllLinesAsync(portFile, cancellationToken);
        return new HeadlessChromium(process, profile, new Uri($"ws://127.0.0.1:{lines[0].Trim()}{lines[1].Trim()}"));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // Chromium's helpers may still hold a file for a moment; a stale temp profile is harmless.
        }
    }
}
