using System.Text.Json;

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

    public static Baseline Load(string path)
    {
        using var stream = File.OpenRead(path);
        Baseline? baseline;
        try
        {
            baseline = JsonSerializer.Deserialize<Baseline>(stream, HarnessJson.Options);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a baseline file ({e.Message})", e);
        }
        if (baseline is null)
        {
            throw new InvalidDataException($"{path}: empty baseline file");
        }
        if (baseline.Format != Baseline.CurrentFormat)
        {
            throw new InvalidDataException($"{path}: baseline format {baseline.Format}, this harness reads {Baseline.CurrentFormat}; save the baseline again");
        }
        return baseline;
    }

    /// <summary>The suite's baseline, or null when none has been saved.</summary>
    public static Baseline? TryLoad(string suite, string? directory = null)
    {
        var path = PathFor(suite, directory);
        return File.Exists(path) ? Load(path) : null;
    }
}
