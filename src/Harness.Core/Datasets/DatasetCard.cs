namespace Harness.Core.Datasets;

/// <summary>
/// A dataset card (<c>datasets/&lt;name&gt;.yaml</c>): where the files come from and how to import them.
/// See datasets/README.md for the format.
/// </summary>
public sealed record DatasetCard
{
    public required string Name { get; init; }
    public string Description { get; init; } = "";
    /// <summary>legal, medical, support… (shown in reports; suites of one domain are grouped).</summary>
    public string Domain { get; init; } = "";
    public string Licence { get; init; } = "";
    public string? Homepage { get; init; }
    /// <summary>The importer's name in <see cref="DatasetImporters"/>, or "none" for files only linked (human-label sets).</summary>
    public required string Importer { get; init; }
    public RetrievalScope DefaultScope { get; init; } = RetrievalScope.Corpus;
    public string? DefaultSplit { get; init; }
    public IReadOnlyList<DatasetFile> Files { get; init; } = [];
    public IReadOnlyDictionary<string, DatasetSplit> Splits { get; init; } = new Dictionary<string, DatasetSplit>();
    /// <summary>Field mapping for the generic importers (harness field → source field path).</summary>
    public IReadOnlyDictionary<string, string> Fields { get; init; } = new Dictionary<string, string>();
    /// <summary>The class labels of a classification dataset (what a suite's label mapping maps to).</summary>
    public IReadOnlyList<string> Labels { get; init; } = [];
    public IReadOnlyList<string> Tags { get; init; } = [];
    /// <summary>The card file itself.</summary>
    public required string CardPath { get; init; }

    public bool IsImportable => Importer != DatasetImporters.None;
}

/// <summary>
/// One file of a dataset: fetched into the cache (<c>path</c>, with sha256, url and mirror path) or kept
/// in the repository beside the card (<c>local</c>, for fixtures).
/// </summary>
public sealed record DatasetFile(string Name, bool IsLocal, string? Sha256, string? Url, string? Mirror);

/// <summary>
/// A split: the file of each role the importer needs (e.g. knowledge, logs, labels), and optional
/// files of case ids to keep or to drop (a JSON object's keys, a JSON array, or one id a line).
/// </summary>
public sealed record DatasetSplit(
    string Name,
    IReadOnlyDictionary<string, string> Files,
    string? IncludeIds = null,
    string? ExcludeIds = null);

/// <summary>What a pipeline retrieves from: the case's own document, or the whole corpus.</summary>
public enum RetrievalScope
{
    Document,
    Corpus,
}
