using CsvHelper;
using Harness.Core;
using Harness.Core.Caching;
using Harness.Core.Running;
using Harness.Core.Running.Sharding;
using Harness.Core.Store;
using Harness.Core.Suites;
using Harness.Reporting.Exporters;
using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;

namespace Harness.Engine.Tests;

/// <summary>
/// suites/smoke/covidqa.yaml (8 cases × 6 pipelines, the real tiny model) run whole and as four shards:
/// the merged shards give the whole run's files, timings aside; a missing, doubled or foreign folder is refused.
/// </summary>
[Category("model")]
public sealed class ShardMergeTests
{
    private const int Shards = 4;
    private const string WallSeconds = "wall_s";
    private string _output = "";
    private SessionResult _whole = null!;
    private SessionResult _merged = null!;
    private string[] _shardDirectories = [];

    [OneTimeSetUp]
    public async Task RunWholeAndInShardsThenMerge()
    {
        if (!File.Exists(Path.Combine(RepositoryPaths.Cache, "models", "stories260K.gguf")))
        {
            Assert.Ignore("stories260K.gguf is not in the cache: run 'bash native/bootstrap.sh' with ../shared beside the repository");
        }
        _output = Directory.CreateTempSubdirectory("harness-shards-").FullName;
        var validation = new SuiteValidator().Validate(Path.Combine(RepositoryPaths.Root, "suites", "smoke", "covidqa.yaml"));
        Assert.That(validation.Problems, Is.Empty);
        var suite = validation.Suite!;
        var session = new SuiteSession(NullLoggerFactory.Instance);
        // Parallel 1 decodes each case alone in whole and shard runs alike, so no answer depends on its batch neighbours.
        RunOptions Options(string name, Shard? shard) =>
            new() { Cache = CacheMode.Off, OutputDirectory = Path.Combine(_output, name), Threads = 1, Parallel = 1, Shard = shard };
        _whole = await session.RunAsync(suite, Options("whole", null), new SessionOptions { RecordHistory = false }, null, CancellationToken.None);
        _shardDirectories = new string[Shards];
        for (var i = 1; i <= Shards; i++)
        {
            var shard = await session.RunAsync(suite, Options($"shard-{i}", new Shard(i, Shards)), new SessionOptions { RecordHistory = false }, null, CancellationToken.None);
            _shardDirectories[i - 1] = shard.Directory;
        }
        _merged = await session.MergeAsync(_shardDirectories, Path.Combine(_output, "merged"), new SessionOptions { RecordHistory = false }, CancellationToken.None);
    }

    [OneTimeTearDown]
    public void RemoveOutput()
    {
        if (_output.Length > 0)
        {
            Directory.Delete(_output, recursive: true);
        }
    }

    [Test]
    public void TheShardsAreDisjointAndTogetherHoldEveryCaseOfTheWholeRun()
    {
        var shardCases = _shardDirectories.Select(d => RunRepository.Load(d).Cases.Select(c => c.Id).ToArray()).ToArray();

        Assert.Multiple(() =>
        {
            // 8 cases in all, each in exactly one of the 4 shards.
            Assert.That(shardCases.SelectMany(ids => ids), Is.Unique.And.EquivalentTo(_whole.Run.Cases.Select(c => c.Id)));
            Assert.That(_shardDirectories.Select(d => RunRepository.Load(d).Info.Shard), Is.EqualTo(Enumerable.Range(1, Shards).Select(i => new Shard(i, Shards))));
            Assert.That(_merged.Run.Info.Shard, Is.Null, "the merged run is a whole run");
        });
    }

    [Test]
    public void MergedCasesCsvEqualsTheWholeRunsApartFromTimingColumns()
    {
        var whole = Rows(Path.Combine(_whole.Directory, CasesCsvExporter.FileName), IsTimingColumn);
        var merged = Rows(Path.Combine(_merged.Directory, CasesCsvExporter.FileName), IsTimingColumn);

        // The header + 8 cases × 6 pipelines = 49 rows, in the same order with the same answers, scores and statuses.
        Assert.That(merged, Has.Count.EqualTo(49));
        Assert.That(merged, Is.EqualTo(whole));
    }

    [Test]
    public void MergedSummaryCsvEqualsTheWholeRunsApartFromTimingRows()
    {
        // Latency figures, the wall time per case and the measured set-up costs (index build, training, peak memory) are timings.
        var timing = _whole.Run.Metrics.Where(m => m.Family == "latency").Select(m => m.Id)
            .Concat([WallSeconds, "index_build_s", "training_s", "peak_rss_mb"]).ToHashSet(StringComparer.Ordinal);
        List<string> Lines(string directory) =>
            [.. Rows(Path.Combine(directory, SummaryCsvExporter.FileName), _ => false).Where(row => !timing.Contains(row[1])).Select(row => string.Join(",", row))];

        var whole = Lines(_whole.Directory);

        Assert.That(whole, Is.Not.Empty);
        Assert.That(Lines(_merged.Directory), Is.EqualTo(whole));
    }

    [Test]
    public void TheMergedRunIsGatedAsTheWholeRunIs()
    {
        Assert.That(_merged.Run.Gates.Select(g => (g.Name, g.Verdict, g.Message)), Is.EqualTo(_whole.Run.Gates.Select(g => (g.Name, g.Verdict, g.Message))));
    }

    [Test]
    public void AMissingShardIsRefusedNamingIt()
    {
        var exception = Assert.Throws<ShardMergeException>(() => ShardMerger.Check(_shardDirectories[..3]));

        Assert.That(exception!.Message, Does.Contain("shard 4/4 is missing"));
    }

    [Test]
    public void AShardGivenTwiceIsRefusedNamingIt()
    {
        var exception = Assert.Throws<ShardMergeException>(() => ShardMerger.Check([.. _shardDirectories, _shardDirectories[1]]));

        Assert.That(exception!.Message, Does.Contain("shard 2/4 is given twice"));
    }

    [Test]
    public void AWholeRunAmongTheShardsIsRefused()
    {
        var exception = Assert.Throws<ShardMergeException>(() => ShardMerger.Check([.. _shardDirectories[..3], _whole.Directory]));

        Assert.That(exception!.Message, Does.Contain("holds a whole run, not a shard"));
    }

    [Test]
    public void AShardRunWithAnotherCpuVariantIsRefusedNamingBoth()
    {
        // A copy of shard 4 whose record says it ran on the other kernels (a process runs one variant, so the copy
        // stands in for a shard run on another machine with the other --cpu-variant).
        var ran = _whole.Run.Environment.CpuVariant;
        var other = ran == "native" ? "portable" : "native";
        var foreign = Path.Combine(_output, "shard-4-" + other);
        Directory.CreateDirectory(foreign);
        // The store and its write-ahead log: the shard's last records may still be in the latter.
        foreach (var file in Directory.GetFiles(_shardDirectories[3], "run.db*"))
        {
            File.Copy(file, Path.Combine(foreign, Path.GetFileName(file)));
        }
        using (var store = ResultStore.Open(foreign))
        {
            store.SetMeta("environment", store.GetMeta<Core.Results.RunEnvironment>("environment")! with { CpuVariant = other });
        }

        var exception = Assert.Throws<ShardMergeException>(() => ShardMerger.Check([.. _shardDirectories[..3], foreign]));

        Assert.That(exception!.Message, Does.Contain($"CPU variant '{ran}' vs '{other}'"));
    }

    [Test]
    public async Task MergingIntoAFolderThatHoldsARunIsRefusedAndLeavesItAlone()
    {
        var before = File.GetLastWriteTimeUtc(Path.Combine(_whole.Directory, "run.db"));

        await Assert.ThrowsAsync<IOException>(() => new SuiteSession(NullLoggerFactory.Instance)
            .MergeAsync(_shardDirectories, _whole.Directory, new SessionOptions { RecordHistory = false }, CancellationToken.None));
        Assert.That(File.GetLastWriteTimeUtc(Path.Combine(_whole.Directory, "run.db")), Is.EqualTo(before));
    }

    /// <summary>The cost family's wall time per case is measured too, though its column's name does not say so.</summary>
    private static bool IsTimingColumn(string column) =>
        CasesCsvExporter.IsTimingColumn(column) || column is WallSeconds or WallSeconds + "_status";

    /// <summary>A CSV file's rows (header first), without the columns <paramref name="drop"/> names.</summary>
    private static List<string[]> Rows(string path, Func<string, bool> drop)
    {
        using var reader = CsvReader.Create(File.ReadAllBytes(path));
        var rows = new List<string[]>();
        while (reader.Read())
        {
            var header = reader.Headers;
            var kept = Enumerable.Range(0, header.Count).Where(i => !drop(header[i])).ToArray();
            if (rows.Count == 0)
            {
                rows.Add([.. kept.Select(i => header[i])]);
            }
            rows.Add([.. kept.Select(i => reader.GetString(i))]);
        }
        return rows;
    }
}
