using Harness.Core;
using Harness.Reporting.Charts;

namespace Harness.Reporting.Tests;

/// <summary>Paths of the repository these tests were built from.</summary>
internal static class Repository
{
    public static string Root => RepositoryPaths.Root;

    public static string Snapshots => Path.Combine(Root, "tests", "Harness.Reporting.Tests", "Snapshots");

    public static string VegaInstall => Path.Combine(RepositoryPaths.Cache, "npm", "vega");

    public static VegaRenderer Renderer() => new(VegaInstall);

    /// <summary>Skips (never fails, never silently passes) a test that needs the chart renderer when it is not installed.</summary>
    public static VegaRenderer RequireRenderer()
    {
        var renderer = Renderer();
        if (!renderer.IsAvailable)
        {
            Assert.Ignore($"chart renderer not installed at {VegaInstall}: {renderer.MissingMessage}");
        }
        return renderer;
    }
}
