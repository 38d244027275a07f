namespace Harness.Retrieval.Indexing;

/// <summary>
/// Written last into a cached index's folder: what it was built from and every file's size and sha256,
/// so a truncated or altered file is caught before it is read.
/// </summary>
internal sealed record IndexManifest(
    string Key,
    int ChunkCount,
    string ChunksHash,
    double BuildSeconds,
    DateTimeOffset Created,
    IReadOnlyList<IndexFileEntry> Files)
{
    public const string FileName = "manifest.json";
}

internal sealed record IndexFileEntry(string Name, long Size, string Sha256);
