using Harness.Core.Configuration;

namespace Harness.Core.Suites;

/// <summary>
/// A suite file that names other suites instead of a dataset (<c>include: [smoke/*.yaml]</c>): running or
/// validating it runs or validates each of them, so <c>suites/smoke.yaml</c> is the whole smoke suite.
/// Paths are relative to the set file; a folder or a trailing <c>*.yaml</c> means every suite in it.
/// </summary>
public static class SuiteSet
{
    public const string IncludeKey = "include";

    /// <summary>True when the file is a set (its top level has <c>include:</c>), with the member files in order.</summary>
    public static bool TryRead(string path, out IReadOnlyList<string> members)
    {
        members = [];
        if (!path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || !File.Exists(path)
            || YamlFile.Load(path).Root is not { } root || !root.Has(IncludeKey))
        {
            return false;
        }
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        members = [.. root.Strings(IncludeKey).SelectMany(entry => Expand(directory, entry.Value ?? ""))];
        return true;
    }

    private static IEnumerable<string> Expand(string directory, string entry)
    {
        var target = Path.GetFullPath(Path.Combine(directory, entry));
        if (Path.GetFileName(target) == "*.yaml")
        {
            target = Path.GetDirectoryName(target)!;
        }
        return Directory.Exists(target)
            ? Directory.GetFiles(target, "*.yaml").Order(StringComparer.Ordinal)
            : [target];
    }
}
