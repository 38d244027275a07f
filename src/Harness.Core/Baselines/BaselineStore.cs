using System.Text.Json;
using System.Text.Json.Nodes;

namespace Harness.Core.Baselines;

/// <summary>Reads and writes <c>results/baselines/&lt;suite&gt;.json</c> (the one part of results/ that is committed).</summary>
public static class BaselineStore
{
    public static string DefaultDirectory => DirectoryIn(RepositoryPaths.Results);

    /// <summary>The baselines folder of a results folder.</summary>
    public static string DirectoryIn(string resultsDirectory) => Path.Combine(resultsDirectory, "baselines");

    public static string PathFor(string suite, string? directory = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(suite);
        // A suite name becomes a file name: refuse anything that could leave the folder.
        if (!PathGuard.IsSafeName(suite))
        {
            throw new PathEscapeException($"suite name '{suite}' cannot name a baseline file: it may hold only {PathGuard.NameRule} - rename the suite and run it again");
        }
        return Path.Combine(directory ?? DefaultDirectory, suite + ".json");
    }

    /// <summary>Writes the baseline atomically (temp file + rename) and returns its path.</summary>
    public static string Save(Baseline baseline, string? directory = null)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        var path = PathFor(baseline.Suite, directory);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + ".tmp";
        using (var stream = File.Create(temp))
        {
            JsonSerializer.Serialize(stream, baseline, HarnessJson.Indented);
        }
        File.Move(temp, path, overwrite: true);
        return path;
    }

    /// <summary>Reads a baseline, checking its format version first (<see cref="FormatVersions.Baseline"/>).</summary>
    public static Baseline Load(string path)
    {
        Baseline? baseline;
        try
        {
            var node = JsonNode.Parse(File.ReadAllText(path));
            // "format" is the field's name in version 1 files saved before it was called formatVersion.
            var version = (node?["formatVersion"] ?? node?["format"])?.GetValue<int>()
                ?? throw new InvalidDataException($"{path}: not a baseline file (it has no formatVersion) - save the baseline again with ./harness baseline save <run-dir>");
            FormatVersions.Check(path, "baseline", version, FormatVersions.Baseline, "save the baseline again with ./harness baseline save <run-dir>");
            baseline = node!.Deserialize<Baseline>(HarnessJson.Options);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            throw new InvalidDataException($"{path}: not a baseline file ({e.Message})", e);
        }
        return baseline ?? throw new InvalidDataException($"{path}: empty baseline file");
    }

    /// <summary>The suite's baseline, or null when none has been saved.</summary>
    public static Baseline? TryLoad(string suite, string? directory = null)
    {
        var path = PathFor(suite, directory);
        return File.Exists(path) ? Load(path) : null;
    }
}
