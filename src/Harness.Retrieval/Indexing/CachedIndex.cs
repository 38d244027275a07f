namespace Harness.Retrieval.Indexing;

/// <summary>An opened index and how it was obtained.</summary>
/// <param name="Value">The opened index.</param>
/// <param name="Reused">True when an earlier build was reused, false when it was built now.</param>
/// <param name="BuildTime">How long building took (now, or when the reused index was built).</param>
/// <param name="SizeBytes">The size of the index's files on disk.</param>
/// <param name="Directory">The cache folder.</param>
public sealed record CachedIndex<T>(T Value, bool Reused, TimeSpan BuildTime, long SizeBytes, string Directory);
