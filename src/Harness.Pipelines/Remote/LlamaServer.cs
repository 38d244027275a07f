using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Harness.Pipelines.Remote;

/// <summary>
/// llama.cpp's own OpenAI-compatible server (llama-server, built by native/llama-cpp/build.sh into the
/// cache) started on 127.0.0.1 for the server tests and 'harness bench remote'. Its chat template passes
/// the user message through unchanged, so the server decodes exactly the prompt a local pipeline decodes
/// and greedy answers can be compared token for token. Disposing stops it.
/// </summary>
public sealed class LlamaServer : IAsyncDisposable
{
    /// <summary>A Jinja chat template that is the last user message, nothing added (the harness's prompts are complete).</summary>
    private const string PassThroughTemplate = "{% for message in messages %}{% if loop.last %}{{ message['content'] }}{% endif %}{% endfor %}";

    private readonly Process _process;
    private readonly string _templateFile;
    private readonly StringWriter _log = new();

    private LlamaServer(Process process, string templateFile, int port)
    {
        _process = process;
        _templateFile = templateFile;
        BaseUrl = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/v1"));
    }

    /// <summary>Where native/llama-cpp/build.sh puts llama-server (the CPU variant's build).</summary>
    public static string ExecutablePath => Path.Combine(Harness.Llama.Native.LlamaNativeLibrary.ToolsDirectory, "bin", "llama-server");

    public static bool IsBuilt => File.Exists(ExecutablePath);

    /// <summary>The OpenAI-compatible base URL (…/v1).</summary>
    public Uri BaseUrl { get; }

    /// <summary>
    /// Starts llama-server with <paramref name="modelPath"/>, <paramref name="slots"/> parallel sequences of
    /// <paramref name="contextPerSlot"/> tokens each, <paramref name="threads"/> decoding threads, and the key
    /// it requires (none when null); returns once /health answers 200.
    /// </summary>
    public static async Task<LlamaServer> StartAsync(string modelPath, int slots, int contextPerSlot, int threads, string? apiKey, CancellationToken cancellationToken)
    {
        if (!IsBuilt)
        {
            throw new FileNotFoundException($"llama-server is not built ({ExecutablePath} is missing) - run 'bash native/llama-cpp/build.sh'", ExecutablePath);
        }
        var templateFile = Path.Combine(Path.GetTempPath(), $"harness-llama-server-{Guid.NewGuid():N}.jinja");
        await File.WriteAllTextAsync(templateFile, PassThroughTemplate, cancellationToken).ConfigureAwait(false);
        var port = FreePort();
        var start = new ProcessStartInfo(ExecutablePath) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
        {
            "-m", modelPath, "--host", "127.0.0.1", "--port", Invariant(port), "-np", Invariant(slots), "-c", Invariant(slots * contextPerSlot),
            "-t", Invariant(threads), "-tb", Invariant(threads), "--chat-template-file", templateFile, "--no-webui",
        })
        {
            start.ArgumentList.Add(argument);
        }
        if (apiKey is not null)
        {
            // On the command line the key is visible to this machine's process list, never in the harness's output.
            start.ArgumentList.Add("--api-key");
            start.ArgumentList.Add(apiKey);
        }
        var server = new LlamaServer(Process.Start(start) ?? throw new InvalidOperationException($"{ExecutablePath} did not start"), templateFile, port);
        server._process.OutputDataReceived += (_, e) => server.Append(e.Data);
        server._process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        try
        {
            await server.WaitUntilReadyAsync(TimeSpan.FromSeconds(120), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }
        _process.Dispose();
        File.Delete(_templateFile);
        _log.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.WriteLine(line);
            }
        }
    }

    private async Task WaitUntilReadyAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var health = new Uri(BaseUrl, "/health");
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"llama-server exited with code {_process.ExitCode} before it was ready: {LastLines()}");
            }
            try
            {
                using var response = await http.GetAsync(health, cancellationToken).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // A slow /health while the model loads.
            }
            await Task.Delay(200, cancellationToken).ConfigureAwait(false);
        }
        throw new TimeoutException($"llama-server did not become ready within {limit.TotalSeconds:0} s: {LastLines()}");
    }

    private string LastLines()
    {
        lock (_log)
        {
            return string.Join(" | ", _log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(3));
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
