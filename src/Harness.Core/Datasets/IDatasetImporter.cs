using Harness.Core.Data;

namespace Harness.Core.Datasets;

/// <summary>
/// Turns a dataset's original files into documents, passages and cases. A row that cannot be imported
/// becomes an <see cref="EvalCase"/> with <see cref="EvalCase.ImportError"/> set (and its file:line in
/// <see cref="EvalCase.Source"/>); only a file that cannot be read at all throws <see cref="DatasetException"/>.
/// </summary>
public interface IDatasetImporter
{
    /// <summary>The name cards use in <c>importer:</c>.</summary>
    string Name { get; }

    string Description { get; }

    /// <summary>The file roles a split must name (e.g. "data", or "knowledge", "logs", "labels").</summary>
    IReadOnlyList<string> RequiredFiles { get; }

    /// <summary>Further roles a split may name.</summary>
    IReadOnlyList<string> OptionalFiles { get; }

    /// <summary>The field-mapping keys a card may set (empty for importers of one fixed format).</summary>
    IReadOnlyList<string> FieldKeys { get; }

    ImportedData Import(DatasetImportContext context);
}

/// <summary>The card, the split being imported and where its files are.</summary>
public sealed record DatasetImportContext(DatasetCard Card, string Split, IReadOnlyDictionary<string, string> FilePaths)
{
    /// <summary>The full path of a role's file.</summary>
    public string PathOf(string role) => FilePaths[role];

    public bool HasFile(string role) => FilePaths.ContainsKey(role);

    /// <summary>The name used in case sources and messages: the file's name inside the dataset.</summary>
    public string DisplayName(string role) => Card.Splits[Split].Files[role];

    public string? Field(string key) => Card.Fields.GetValueOrDefault(key);
}

/// <summary>What an importer produced, before subsetting.</summary>
public sealed record ImportedData(IReadOnlyList<Document> Documents, IReadOnlyList<Passage> Passages, IReadOnlyList<EvalCase> Cases);
