using System.Globalization;
using System.Text.Json;
using Harness.Core;
using Harness.Core.Data;
using Microsoft.Extensions.Logging;

namespace Harness.Retrieval.Indexing;

/// <summary>
/// Indexes on disk under .cache/indexes/, one folder per <see cref="IndexKey"/>, built once and reused.
/// A folder is built under a temporary name and renamed into place, so it is complete or absent; on
/// reuse its manifest (file sizes, sha256, chunk count and chunk-span hash) is checked and the index
/// opened, and if anything fails the folder is rebuilt with a warning rather than used or crashed on.
/// </summary>
public sealed class IndexCache(string root, ILogger logger)
{
    public static string DefaultRoot => Path.Combine(RepositoryPaths.Cache, "indexes");

    public string Root { get; } = root;

    /// <summary>Where index builds and cache problems are reported.</summary>
    public ILogger Logger => logger;

    public string DirectoryOf(IndexKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Path.Combine(Root, key.DirectoryName);
    }

    /// <summary>Opens the cached index for <paramref name="key"/>, building it first when it is missing or damaged.</summary>
    /// <param name="key">What the index depends on.</param>
    /// <param name="chunks">The units the index holds, in index order (checked against the cached count and spans).</param>
    /// <param name="build">Writes the index's files into the folder it is given.</param>
    /// <param name="open">Opens the files of a folder; throws if they cannot be used.</param>
    /// <param name="cancellationToken">Cancels a build.</param>
    public async Task<CachedIndex<T>> GetOrBuildAsync<T>(
        IndexKey key,
        IReadOnlyList<Passage> chunks,
        Func<string, CancellationToken, Task> build,
        Func<string, T> open,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(chunks);
        ArgumentNullException.ThrowIfNull(build);
        ArgumentNullException.ThrowIfNull(open);
        var directory = DirectoryOf(key);
        var chunksHash = ChunksHash(chunks);
        if (Directory.Exists(directory))
        {
            var (problem, reused) = TryOpen(directory, key, chunks.Count, chunksHash, open);
            if (reused is not null)
            {
                return reused;
            }
            logger.LogWarning("The cached index {Directory} is unusable ({Problem}); rebuilding it.", directory, problem);
            Discard(directory);
        }
        await BuildAsync(directory, key, chunks.Count, chunksHash, build, cancellationToken).ConfigureAwait(false);
        var (afterBuildProblem, built) = TryOpen(directory, key, chunks.Count, chunksHash, open);
        return built is null
            ? throw new InvalidOperationException($"the index just built in {directory} cannot be opened: {afterBuildProblem}")
            : built with { Reused = false };
    }

    private (string? Problem, CachedIndex<T>? Index) TryOpen<T>(
        string directory, IndexKey key, int chunkCount, string chunksHash, Func<string, T> open)
    {
        IndexManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<IndexManifest>(File.ReadAllText(Path.Combine(directory, IndexManifest.FileName)), HarnessJson.Indented);
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return ($"manifest unreadable: {e.Message}", null);
        }
        if (manifest is null || manifest.Files is null)
        {
            return ("manifest empty", null);
        }
        if (manifest.Key != key.Canonical)
        {
            return ("manifest is for another key", null);
        }
        if (manifest.ChunkCount != chunkCount || manifest.ChunksHash != chunksHash)
        {
            return (string.Create(CultureInfo.InvariantCulture, $"built over {manifest.ChunkCount} chunks, the corpus now chunks into {chunkCount} (or other spans)"), null);
        }
        foreach (var file in manifest.Files)
        {
            if (CheckFile(directory, file) is { } fileProblem)
            {
                return (fileProblem, null);
            }
        }
        try
        {
            var value = open(directory);
            var size = manifest.Files.Sum(f => f.Size);
            return (null, new CachedIndex<T>(value, Reused: true, TimeSpan.FromSeconds(manifest.BuildSeconds), size, directory));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The files passed their checksums but the index still cannot be used (e.g. written by another FAISS version).
            return ($"cannot open: {e.Message}", null);
        }
    }

    private static string? CheckFile(string directory, IndexFileEntry file)
    {
        var path = Path.Combine(directory, file.Name);
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            return $"{file.Name} is missing";
        }
        if (info.Length != file.Size)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{file.Name} has {info.Length} bytes, the manifest says {file.Size}");
        }
        return Hashing.OfFile(path) == file.Sha256 ? null : $"{file.Name} does not match its sha256";
    }

    private async Task BuildAsync(
        string directory, IndexKey key, int chunkCount, string chunksHash,
        Func<string, CancellationToken, Task> build, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Root);
        RemoveAbandonedFolders();
        var temporary = Path.Combine(Root, $".{key.DirectoryName}.{Guid.NewGuid():N}.tmp");
        Directory.CreateDirectory(temporary);
        try
        {
            var started = TimeProvider.System.GetTimestamp();
            await build(temporary, cancellationToken).ConfigureAwait(false);
            var elapsed = TimeProvider.System.GetElapsedTime(started);
            var files = Directory.GetFiles(temporary)
                .Order(StringComparer.Ordinal)
                .Select(path => new IndexFileEntry(Path.GetFileName(path), new FileInfo(path).Length, Hashing.OfFile(path)))
                .ToArray();
            var manifest = new IndexManifest(key.Canonical, chunkCount, chunksHash, elapsed.TotalSeconds, DateTimeOffset.UtcNow, files);
            await File.WriteAllTextAsync(Path.Combine(temporary, IndexManifest.FileName), JsonSerializer.Serialize(manifest, HarnessJson.Indented), cancellationToken)
                .ConfigureAwait(false);
            try
            {
                Directory.Move(temporary, directory);
                logger.LogInformation("Built index {Directory} in {Seconds:0.00} s.", directory, elapsed.TotalSeconds);
            }
            catch (IOException) when (Directory.Exists(directory))
            {
                // Another process finished the same index first; theirs is equivalent, keep it.
                Discard(temporary);
            }
        }
        catch
        {
            Discard(temporary);
            throw;
        }
    }

    // Builds killed mid-way leave their temporary folders; an hour is far longer than any build takes.
    private void RemoveAbandonedFolders()
    {
        var cutoff = DateTime.UtcNow - TimeSpan.FromHours(1);
        foreach (var folder in new DirectoryInfo(Root).EnumerateDirectories(".*"))
        {
            if ((folder.Name.EndsWith(".tmp", StringComparison.Ordinal) || folder.Name.EndsWith(".trash", StringComparison.Ordinal))
                && folder.LastWriteTimeUtc < cutoff)
            {
                try
                {
                    folder.Delete(recursive: true);
                }
                catch (IOException e)
                {
                    logger.LogWarning("Could not remove the abandoned index folder {Folder}: {Message}", folder.FullName, e.Message);
                }
            }
        }
    }

    // Renamed before deletion so a half-deleted folder is never mistaken for an index.
    private static void Discard(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return;
        }
        var trash = Path.Combine(Path.GetDirectoryName(directory)!, $".{Path.GetFileName(directory)}.{Guid.NewGuid():N}.trash");
        Directory.Move(directory, trash);
        Directory.Delete(trash, recursive: true);
    }

    private static string ChunksHash(IReadOnlyList<Passage> chunks)
    {
        return Hashing.OfParts(chunks.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Id}\0{c.DocumentId}\0{c.Start}\0{c.End}")), '\n');
    }
}
