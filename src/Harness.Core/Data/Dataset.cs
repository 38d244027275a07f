namespace Harness.Core.Data;

/// <summary>An imported dataset: its corpus and its cases (import errors included, as error cases).</summary>
public sealed record Dataset(string Name, Corpus Corpus, IReadOnlyList<EvalCase> Cases)
{
    /// <summary>sha256 of the dataset's files as named by its card (recorded with every run).</summary>
    public string? FilesHash { get; init; }
}
