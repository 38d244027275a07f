using System.Security.Cryptography;
using System.Text;
using Harness.Retrieval.Indexing;
using NUnit.Framework;

namespace Harness.Retrieval.Tests;

public sealed class IndexKeyTests
{
    [Test]
    public void TheCacheFolderIsTheKindAndTheFirst16HexDigitsOfTheCanonicalKeysSha256()
    {
        var key = new IndexKey("bm25", "corpus", "passages");
        var canonical = "v1|kind=bm25|corpus=corpus|chunking=passages|embedder=|factory=|metric=";
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));

        Assert.Multiple(() =>
        {
            Assert.That(key.Canonical, Is.EqualTo(canonical));
            Assert.That(key.DirectoryName, Is.EqualTo("bm25-" + sha256[..16]));
        });
    }
}

public sealed class IndexManifestFormatTests
{
    [Test]
    public void AManifestWrittenBeforeTheHarnessDialectStillReads()
    {
        // Until the index cache used HarnessJson its manifests had PascalCase names; the dialect matches names
        // without regard to case, so those caches are reused rather than rebuilt.
        const string old = """
            { "Key": "v1|kind=bm25", "ChunkCount": 2, "ChunksHash": "ab", "BuildSeconds": 1.5,
              "Created": "2025-01-02T03:04:05+00:00", "Files": [ { "Name": "bm25.bin", "Size": 10, "Sha256": "cd" } ] }
            """;

        var manifest = System.Text.Json.JsonSerializer.Deserialize<IndexManifest>(old, Core.HarnessJson.Indented)!;

        Assert.Multiple(() =>
        {
            Assert.That((manifest.Key, manifest.ChunkCount, manifest.ChunksHash, manifest.BuildSeconds), Is.EqualTo(("v1|kind=bm25", 2, "ab", 1.5)));
            Assert.That(manifest.Files.Single(), Is.EqualTo(new IndexFileEntry("bm25.bin", 10, "cd")));
        });
    }
}
