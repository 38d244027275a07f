using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Harness.Core;

namespace Harness.Reporting.Charts;

/// <summary>
/// The pinned Vega toolchain installed by native/vega/install.sh: renders chart specs to SVG and
/// PNG through one Node process (render.mjs), and hands the browser builds of vega, vega-lite and
/// vega-embed to the HTML report. Without Node or the install, <see cref="IsAvailable"/> is false
/// and <see cref="MissingMessage"/> says which command installs it.
/// </summary>
public sealed class VegaRenderer
{
    public const string InstallCommand = "bash native/vega/install.sh";

    /// <param name="installDirectory">The npm prefix holding render.mjs and node_modules; defaults to &lt;cache&gt;/npm/vega.</param>
    public VegaRenderer(string? installDirectory = null)
    {
        InstallDirectory = installDirectory ?? DefaultInstallDirectory();
        NodePath = FindOnPath("node");
    }

    public string? InstallDirectory { get; }

    public string? NodePath { get; }

    public bool CanEmbed => InstallDirectory is not null && BrowserLibraries.All(l => File.Exists(Path.Combine(InstallDirectory, l)));

    public bool IsAvailable => NodePath is not null && CanEmbed && File.Exists(ScriptPath);

    public string MissingMessage => NodePath is null
        ? $"charts were not rendered to SVG/PNG: Node.js is not installed (apt-get install -y nodejs npm), then run: {InstallCommand}"
        : $"charts were not rendered to SVG/PNG and the HTML report has no interactive charts: the chart renderer is not installed - run: {InstallCommand}";

    /// <summary>The browser builds the HTML report inlines, in load order (vega-lite and vega-embed need vega).</summary>
    internal static IReadOnlyList<string> BrowserLibraries { get; } =
    [
        "node_modules/vega/build/vega.min.js",
        "node_modules/vega-lite/build/vega-lite.min.js",
        "node_modules/vega-embed/build/vega-embed.min.js",
    ];

    private string ScriptPath => Path.Combine(InstallDirectory ?? "", "render.mjs");

    /// <summary>The JavaScript of the browser libraries, in load order, or empty when they are not installed.</summary>
    public IReadOnlyList<string> ReadBrowserLibraries() =>
        CanEmbed ? [.. BrowserLibraries.Select(l => File.ReadAllText(Path.Combine(InstallDirectory!, l)))] : [];

    /// <summary>Renders every chart to &lt;directory&gt;/&lt;name&gt;.svg and .png (PNG at <paramref name="scale"/>×).</summary>
    public async Task<IReadOnlyList<string>> RenderAsync(
        IReadOnlyList<ChartSpec> charts, string directory, double scale, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(charts);
        if (!IsAvailable)
        {
            throw new InvalidOperationException(MissingMessage);
        }
        if (charts.Count == 0)
        {
            return [];
        }
        Directory.CreateDirectory(directory);
        var input = new JsonObject
        {
            ["outDir"] = Path.GetFullPath(directory),
            ["scale"] = scale,
            ["charts"] = new JsonArray([.. charts.Select(c => new JsonObject { ["name"] = c.Name, ["spec"] = c.Spec.DeepClone() })]),
        };
        var start = new ProcessStartInfo(NodePath!, [ScriptPath])
        {
            WorkingDirectory = InstallDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        using var process = StartNode(start);
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.StandardInput.WriteAsync(input.ToJsonString().AsMemory(), cancellationToken).ConfigureAwait(false);
        process.StandardInput.Close();
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        var failures = new List<string>();
        var rendered = new List<string>();
        foreach (var line in (await stdout.ConfigureAwait(false)).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!TryParseOutcome(line, out var outcome))
            {
                failures.Add($"unexpected output: {line}");
                continue;
            }
            var name = (string)outcome["name"]!;
            if ((bool)outcome["ok"]!)
            {
                rendered.Add(name);
            }
            else
            {
                failures.Add($"{name}: {(string?)outcome["error"]}");
            }
        }
        if (process.ExitCode != 0 || rendered.Count != charts.Count)
        {
            var detail = failures.Count > 0 ? string.Join("; ", failures) : (await stderr.ConfigureAwait(false)).Trim();
            throw new ChartRenderException($"rendering charts failed (node exit code {process.ExitCode}): {detail}");
        }
        return rendered;
    }

    private static Process StartNode(ProcessStartInfo start)
    {
        try
        {
            return Process.Start(start) ?? throw new ChartRenderException($"could not start {start.FileName}");
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new ChartRenderException($"could not start {start.FileName}: {exception.Message}");
        }
    }

    private static bool TryParseOutcome(string line, out JsonNode outcome)
    {
        try
        {
            outcome = JsonNode.Parse(line)!;
            return outcome is JsonObject { } o && o["name"] is JsonValue && o["ok"] is JsonValue;
        }
        catch (System.Text.Json.JsonException)
        {
            outcome = null!;
            return false;
        }
    }

    private static string? DefaultInstallDirectory()
    {
        try
        {
            return Path.Combine(RepositoryPaths.Cache, "npm", "vega");
        }
        catch (InvalidOperationException)
        {
            // Outside the repository (and without HARNESS_ROOT or HARNESS_CACHE) there is no install to find.
            return null;
        }
    }

    private static string? FindOnPath(string program)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);
    }
}

/// <summary>The chart renderer ran but could not render every chart.</summary>
public sealed class ChartRenderException(string message) : Exception(message);
