using Harness.Core.Datasets;
using Harness.Core.Models;
using Harness.Core.Suites;
using NUnit.Framework;

namespace Harness.Core.Tests.Datasets;

/// <summary>The repository these tests were compiled from, whatever folder the test host runs in.</summary>
internal static class TestRepository
{
    public static string Root => RepositoryPaths.Root;

    public static string Cache => RepositoryPaths.Cache;

    public static DatasetCatalog Catalog { get; } = new(Root, Cache);

    public static ModelCatalog Models { get; } = new(Path.Combine(Root, "models"), Path.Combine(Cache, "models"));

    public static SuiteValidator Validator { get; } = new(Catalog, Models);

    /// <summary>Skips (not fails) a test whose real dataset the bootstrap has not linked on this machine.</summary>
    public static DatasetCatalog RequireCached(string dataset)
    {
        var card = Catalog.GetCard(dataset);
        if (Catalog.MissingFiles(card) is { Count: > 0 } missing)
        {
            Assert.Ignore($"dataset '{dataset}' is not in the cache ({missing[0]})");
        }
        return Catalog;
    }
}
