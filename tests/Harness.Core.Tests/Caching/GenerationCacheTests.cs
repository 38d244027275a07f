using Harness.Core.Caching;
using Harness.Retrieval.Tests;
using NUnit.Framework;

namespace Harness.Core.Tests.Caching;

/// <summary>A cache is disposable: a damaged one costs its answers, never the run.</summary>
public sealed class GenerationCacheTests
{
    private string _directory = "";

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("harness-generations-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    private string CachePath => Path.Combine(_directory, "generations.db");

    private void FillWithOneAnswer()
    {
        using var cache = new GenerationCache(CachePath, CacheMode.Replay);
        // Enough rows that the file has pages past the header for the damage to land in.
        for (var i = 0; i < 200; i++)
        {
            cache.Put($"key-{i}", new CachedGeneration(new string('a', 100), 10, 5));
        }
        Assert.That(cache.TryGet("key-7"), Is.Not.Null);
    }

    [TestCase(0, TestName = "ACacheWhoseHeaderIsOverwrittenIsMovedAsideAndStartedAgain")]
    [TestCase(8192, TestName = "ACacheWithRandomBytesInItsPagesIsMovedAsideAndStartedAgain")]
    public void ADamagedCacheIsMovedAsideWithOneWarningAndTheRunGoesOn(int offset)
    {
        FillWithOneAnswer();
        // 8 KB of random bytes, as a failing disk or a stray write leaves them.
        var noise = new byte[8192];
        new Random(7).NextBytes(noise);
        using (var file = File.OpenWrite(CachePath))
        {
            file.Position = offset;
            file.Write(noise);
        }
        var logger = new CapturingLogger();

        using var cache = new GenerationCache(CachePath, CacheMode.Replay, logger);

        Assert.Multiple(() =>
        {
            Assert.That(cache.TryGet("key-7"), Is.Null, "the damaged file's answers are gone: generated again");
            Assert.That(Directory.GetFiles(_directory, "generations.db.damaged-*"), Has.Length.GreaterThanOrEqualTo(1), "kept aside for a look");
            Assert.That(logger.Warnings.Single(), Does.Contain("is damaged").And.Contain("started a new one"));
        });
        cache.Put("key-new", new CachedGeneration("fresh", 3, 1));
        Assert.That(cache.TryGet("key-new")?.Text, Is.EqualTo("fresh"));
    }

    [Test]
    public void AnIntactCacheIsOpenedWithoutAWord()
    {
        FillWithOneAnswer();
        var logger = new CapturingLogger();

        using var cache = new GenerationCache(CachePath, CacheMode.Replay, logger);

        Assert.That((cache.TryGet("key-7")?.Text.Length, logger.Entries.Count), Is.EqualTo(((int?)100, 0)));
    }
}
