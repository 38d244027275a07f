using Harness.Core.Datasets.Importers;

namespace Harness.Core.Datasets;

/// <summary>The importers cards can name, by name.</summary>
public static class DatasetImporters
{
    /// <summary>The importer name of a card whose files are only linked (human-label sets read by their own tools).</summary>
    public const string None = "none";

    private static readonly IReadOnlyList<IDatasetImporter> _all =
    [
        new SquadImporter(),
        new PubMedQaImporter(),
        new ContractNliImporter(),
        new Dstc11Importer(),
        new JsonlImporter(),
    ];

    public static IReadOnlyList<IDatasetImporter> All => _all;

    /// <summary>Every name a card may use in <c>importer:</c>, "none" included.</summary>
    public static IReadOnlyList<string> Names => [.. _all.Select(i => i.Name), None];

    public static IDatasetImporter? Find(string name) => _all.FirstOrDefault(i => i.Name == name);
}
