using Harness.Core.Caching;
using Harness.Retrieval.Tests;
using NUnit.Framework;

namespace Harness.Core.Tests.Caching;

/// <summary>A cache is disposable: a damaged one costs its answers, never the run. Each entry keeps the timings it was generated in.</summary>
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

    [Test]
    public void AnEntryKeepsTheTimingsItWasGeneratedInWithItsRunAndTime()
    {
        var recorded = new RecordedTimings(
            TimeSpan.FromMilliseconds(3.25), TimeSpan.FromMilliseconds(4.5), TimeSpan.FromMilliseconds(40.125), "smoke-20260101-000000-000",
            new DateTimeOffset(2026, 1, 1, 10, 30, 0, TimeSpan.Zero));
        using (var cache = new GenerationCache(CachePath, CacheMode.Replay))
        {
            cache.Put("key", new CachedGeneration("answer", 10, 5) { Recorded = recorded });
        }

        using var reopened = new GenerationCache(CachePath, CacheMode.Replay);

        Assert.That(reopened.TryGet("key")?.Recorded, Is.EqualTo(recorded));
    }

    [Test]
    public void ACacheFromBeforeTimingsWereKeptStillReplaysItsEntriesWithoutTimings()
    {
        // The table as harnesses before timings wrote it, with one entry.
        using (var old = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={CachePath};Pooling=False"))
        {
            old.Open();
            using var create = old.CreateCommand();
            create.CommandText = """
                CREATE TABLE generations (key TEXT PRIMARY KEY, text TEXT NOT NULL, prompt_tokens INTEGER NOT NULL,
                    generated_tokens INTEGER NOT NULL, created_utc TEXT NOT NULL);
                INSERT INTO generations VALUES ('old', 'old answer', 7, 3, '2025-06-01T00:00:00.0000000Z');
                """;
            create.ExecuteNonQuery();
        }

        using var cache = new GenerationCache(CachePath, CacheMode.Replay);
        cache.Put("new", new CachedGeneration("new answer", 1, 1) { Recorded = new RecordedTimings(null, null, TimeSpan.FromMilliseconds(2), null, DateTimeOffset.UnixEpoch) });

        Assert.Multiple(() =>
        {
            Assert.That(cache.TryGet("old"), Is.EqualTo(new CachedGeneration("old answer", 7, 3)), "no timings recorded: no latency");
            Assert.That(cache.TryGet("new")?.Recorded?.Generation, Is.EqualTo(TimeSpan.FromMilliseconds(2)), "the file gained the timing columns");
        });
    }
}
