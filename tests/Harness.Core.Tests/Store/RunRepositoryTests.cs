using Harness.Core.Results;
using Harness.Core.Running;
using Harness.Core.Store;
using NUnit.Framework;

namespace Harness.Core.Tests.Store;

/// <summary>The results folder as the runner, reports, baselines and comparisons see it.</summary>
public sealed class RunRepositoryTests
{
    private string _root = "";

    [SetUp]
    public void CreateResultsFolder() => _root = Directory.CreateTempSubdirectory("harness-runs-").FullName;

    [TearDown]
    public void RemoveResultsFolder()
    {
        // The run stores' pooled SQLite connections keep their files open until cleared.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }

    [Test]
    public void ASuitesRunsAreListedNewestFirstSkippingFoldersWithoutAStoreAndOtherSuites()
    {
        StoredRun("smoke-20261201-100000-000", "a", finished: true);
        StoredRun("smoke-20261201-120000-000", "a", finished: true);
        StoredRun("smoke-extra-20261201-110000-000", "a", finished: true);
        Directory.CreateDirectory(Path.Combine(_root, "smoke-20261201-130000-000"));
        StoredRun("other-20261201-140000-000", "a", finished: true);

        var runs = new RunRepository(_root).Runs("smoke").Select(Path.GetFileName);

        Assert.That(runs, Is.EqualTo(new[] { "smoke-20261201-120000-000", "smoke-20261201-100000-000" }));
    }

    [Test]
    public void OnlyAnUnfinishedRunOfTheSameConfigurationIsResumedAndTheNewestOtherOneSaysWhereItDiffers()
    {
        StoredRun("smoke-20261201-100000-000", "a", finished: false);
        StoredRun("smoke-20261201-110000-000", "b", finished: false);
        StoredRun("smoke-20261201-120000-000", "a", finished: true);
        var repository = new RunRepository(_root);

        Assert.Multiple(() =>
        {
            Assert.That(repository.FindUnfinished("smoke", Seeded("a")), Is.EqualTo(new UnfinishedRun(Path.Combine(_root, "smoke-20261201-100000-000"), null)));
            Assert.That(repository.FindUnfinished("smoke", Seeded("b")), Is.EqualTo(new UnfinishedRun(Path.Combine(_root, "smoke-20261201-110000-000"), null)));
            Assert.That(repository.FindUnfinished("smoke", Seeded("c")), Is.EqualTo(new UnfinishedRun(Path.Combine(_root, "smoke-20261201-110000-000"), "seed 'c' vs 'b'")));
            Assert.That(repository.FindUnfinished("other", Seeded("a")), Is.Null, "no unfinished run of that suite");
        });
    }

    [Test]
    public void AnUnfinishedRunOfAnOlderHarnessIsNotResumedAndSaysWhy()
    {
        // Before configurations were recorded item by item, a store held their hash under "configuration".
        StoredRun("smoke-20261201-100000-000", null, finished: false);
        using (var store = ResultStore.Open(Path.Combine(_root, "smoke-20261201-100000-000")))
        {
            store.SetMeta("configuration", "6f1c0ffee");
        }

        var unfinished = new RunRepository(_root).FindUnfinished("smoke", Seeded("a"));

        Assert.That(unfinished?.Difference, Is.EqualTo("configuration, which it did not record item by item (an older harness started it)"));
    }

    [Test]
    public void ANewRunFolderIsNamedAfterTheSuiteInsideTheResultsFolder()
    {
        var folder = new RunRepository(_root).NewRunDirectory("smoke");

        Assert.That(Path.GetDirectoryName(folder), Is.EqualTo(_root));
        Assert.That(Path.GetFileName(folder), Does.Match(@"^smoke-\d{8}-\d{6}-\d{3}$"));
    }

    [Test]
    public void LoadingAFolderThatHoldsNoRunSaysWhatToPass()
    {
        var empty = Directory.CreateDirectory(Path.Combine(_root, "empty")).FullName;

        Assert.That(() => RunRepository.Load(empty), Throws.TypeOf<DirectoryNotFoundException>()
            .With.Message.EqualTo($"'{empty}' holds no run ({ResultStore.FileName} is missing) - pass a directory made by 'harness run'"));
    }

    /// <summary>A configuration of one item, the seed.</summary>
    private static RunConfiguration Seeded(string seed) => new([new RunConfigurationItem("seed", seed)]);

    /// <summary>A run folder with the two records resuming reads: the run's configuration (a one-item one, seeded so) and its info.</summary>
    private void StoredRun(string folder, string? seed, bool finished)
    {
        using var store = ResultStore.Open(Path.Combine(_root, folder));
        if (seed is not null)
        {
            store.SetMeta("runConfiguration", Seeded(seed));
        }
        store.SetMeta("info", new RunInfo
        {
            RunId = folder,
            Suite = folder[..folder.LastIndexOf('-')],
            Dataset = "covidqa",
            StartedAt = DateTimeOffset.UnixEpoch,
            FinishedAt = finished ? DateTimeOffset.UnixEpoch : null,
        });
    }
}
