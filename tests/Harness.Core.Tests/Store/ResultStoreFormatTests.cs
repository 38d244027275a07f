using Harness.Core.Store;
using NUnit.Framework;

namespace Harness.Core.Tests.Store;

public sealed class ResultStoreFormatTests
{
    private string _run = "";

    [SetUp]
    public void CreateDirectory() => _run = Directory.CreateTempSubdirectory("harness-store-").FullName;

    [TearDown]
    public void DeleteDirectory()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_run, recursive: true);
    }

    [Test]
    public void ANewStoreIsStampedWithTheFormatVersionThisHarnessWrites()
    {
        using var store = ResultStore.Open(_run);

        Assert.That(store.GetMeta<int?>(ResultStore.FormatVersionKey), Is.EqualTo(1));
    }

    [Test]
    public void AStoreWrittenBeforeStoresHadAVersionIsReadAsVersionOneAndKeepsItsData()
    {
        using (var store = ResultStore.Open(_run))
        {
            store.SetMeta("info", "kept");
        }
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_run, ResultStore.FileName)}"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM meta WHERE key = 'formatVersion'";
            Assert.That(command.ExecuteNonQuery(), Is.EqualTo(1), "the store had a version row to remove");
        }

        using var reopened = ResultStore.Open(_run);

        Assert.That((reopened.GetMeta<int?>(ResultStore.FormatVersionKey), reopened.GetMeta<string>("info")), Is.EqualTo(((int?)1, "kept")));
    }

    [Test]
    public void AStoreFromANewerHarnessIsRefusedWithTheFixAndLeftAsItWas()
    {
        using (var store = ResultStore.Open(_run))
        {
            store.SetMeta(ResultStore.FormatVersionKey, 7);
        }
        var path = Path.Combine(_run, ResultStore.FileName);

        Assert.Multiple(() =>
        {
            Assert.That(() => ResultStore.Open(_run), Throws.InstanceOf<InvalidDataException>()
                .With.Message.StartsWith(path)
                .And.Message.Contains("run store format version 7 was written by a newer harness")
                .And.Message.Contains("--fresh"));
            // Refusing must not stamp the store with this harness's version: a second open still sees 7.
            Assert.That(() => ResultStore.Open(_run), Throws.InstanceOf<InvalidDataException>().With.Message.Contains("version 7"));
        });
    }
}
