using Harness.Core;

namespace Harness.Reporting.Tests;

/// <summary>Paths of the repository these tests were built from.</summary>
internal static class Repository
{
    public static string Root => RepositoryPaths.Root;

    public static string Snapshots => Path.Combine(Root, "tests", "Harness.Reporting.Tests", "Snapshots");
}
