using Harness.Core.Results;
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
    public void OnlyAnUnfinishedRunOfTheSameConfigurationIsResumed()
    {
        StoredRun("smoke-20261201-100000-000", "a", finished: false);
        StoredRun("smoke-20261201-110000-000", "b", finished: false);
        StoredRun("smoke-20261201-120000-000", "a", finished: true);
        var repository = new RunRepository(_root);

        Assert.Multiple(() =>
        {
            Assert.That(Path.GetFileName(repository.FindUnfinished("smoke", "a")), Is.EqualTo("smoke-20261201-100000-000"));
            Assert.That(Path.GetFileName(repository.FindUnfinished("smoke", "b")), Is.EqualTo("smoke-20261201-110000-000"));
            Assert.That(repository.FindUnfinished("smoke", "c"), Is.Null);
        });
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

    /// <summary>A run folder with the two records resuming reads: the run's configuration and its info.</summary>
    private void StoredRun(string folder, string configuration, bool finished)
    {
        using var store = ResultStore.Open(Path.Combine(_root, folder));
        store.SetMeta("configuration", configuration);
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
