namespace Harness.Core;

/// <summary>
/// Where the harness finds its repository (suites, cards), its git-ignored cache (native libraries,
/// linked models and datasets, indexes, generation cache) and its results.
/// HARNESS_ROOT, HARNESS_CACHE and HARNESS_RESULTS override the defaults.
/// </summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> _root = new(FindRoot);

    /// <summary>
    /// The folder holding Harness.sln: from HARNESS_ROOT, the current directory, the binary's location,
    /// or the repository this assembly was built from (builds may live outside the repository).
    /// </summary>
    public static string Root => _root.Value;

    public static string Cache =>
        Environment.GetEnvironmentVariable("HARNESS_CACHE") is { Length: > 0 } cache ? cache : Path.Combine(Root, ".cache");

    public static string Results =>
        Environment.GetEnvironmentVariable("HARNESS_RESULTS") is { Length: > 0 } results ? results : Path.Combine(Root, "results");

    private static string FindRoot()
    {
        if (Environment.GetEnvironmentVariable("HARNESS_ROOT") is { Length: > 0 } explicitRoot)
        {
            return Path.GetFullPath(explicitRoot);
        }
        var builtFrom = typeof(RepositoryPaths).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "HarnessRoot")?.Value;
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory, builtFrom ?? "" }.Where(s => s.Length > 0))
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Harness.sln")))
                {
                    return dir.FullName;
                }
            }
        }
        throw new InvalidOperationException(
            "Cannot find the Harness repository (no Harness.sln above the current directory or the program) - run from inside the repository or set HARNESS_ROOT.");
    }
}
