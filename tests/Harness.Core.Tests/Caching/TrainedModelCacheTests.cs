using System.Text.Json;
using Harness.Core.Caching;
using Harness.Core.Results;
using Harness.Core.Suites;
using NUnit.Framework;

namespace Harness.Core.Tests.Caching;

public class TrainedModelCacheTests
{
    private string _directory = "";

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("harness-trained-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    private static TrainingRecord Record(string key) => new()
    {
        Pipeline = "fine-tuned", BaseModel = "tiny", BaseSha256 = "b", Key = key, Data = "corpus", DataSha256 = "d", Epochs = 2,
    };

    private static readonly TrainingDefinition Settings = new() { Data = TrainingData.Corpus, Epochs = 2, LearningRate = 1e-4, Context = 256, Seed = 1 };

    [Test]
    public void EverySettingTheDataAndTheBaseChangeTheKey()
    {
        var key = new TrainedModelKey("base", TrainedModelKey.HashData(["a", "b"]), Settings, "cpu");

        var variants = new[]
        {
            key with { BaseSha256 = "other" },
            key with { DataSha256 = TrainedModelKey.HashData(["a", "c"]) },
            key with { DataSha256 = TrainedModelKey.HashData(["ab"]) },
            key with { Settings = Settings with { Epochs = 3 } },
            key with { Settings = Settings with { LearningRate = 2e-4 } },
            key with { Settings = Settings with { Context = 128 } },
            key with { Settings = Settings with { Batch = 64 } },
            key with { Settings = Settings with { Seed = 2 } },
            key with { Settings = Settings with { Validation = 0.2 } },
            key with { Settings = Settings with { Patience = 3 } },
            key with { NativeBuild = "cuda" },
        };

        Assert.That(variants.Select(v => v.Hash()).Append(key.Hash()), Is.Unique);
        Assert.That(new TrainedModelKey("base", TrainedModelKey.HashData(["a", "b"]), Settings, "cpu").Hash(), Is.EqualTo(key.Hash()), "the same inputs give the same key");
    }

    [Test]
    public void AStoredModelIsFoundWithItsRecord()
    {
        var cache = new TrainedModelCache(_directory);

        var stored = cache.Store("k1", path =>
        {
            File.WriteAllText(path, "model bytes");
            return Record("k1");
        });

        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(cache.ModelPath("k1")), Is.EqualTo("model bytes"));
            Assert.That(stored.ModelPath, Is.EqualTo(cache.ModelPath("k1")));
            // Records hold a list (the curve), so they are compared as the JSON they are stored as.
            Assert.That(JsonSerializer.Serialize(cache.Find("k1"), HarnessJson.Options), Is.EqualTo(JsonSerializer.Serialize(stored, HarnessJson.Options)));
            Assert.That(cache.Find("k2"), Is.Null);
            // The model, its record, and the stamp that saves hashing the model again while it is unchanged.
            Assert.That(Directory.GetFiles(_directory).Select(Path.GetFileName), Is.EquivalentTo(new[] { "k1.gguf", "k1.json", "k1.gguf.sha256-ok" }));
        });
    }

    [Test]
    public void ADamagedModelIsMovedAsideWithAWarningAndTrainedAgain()
    {
        var logger = new Harness.Retrieval.Tests.CapturingLogger();
        var cache = new TrainedModelCache(_directory, logger);
        cache.Store("k1", path =>
        {
            File.WriteAllText(path, "a whole model, as trained");
            return Record("k1");
        });
        // Truncated, as a full disk or a killed copy leaves it: its sha256 is no longer the one recorded.
        File.WriteAllText(cache.ModelPath("k1"), "a whole");

        var found = cache.Find("k1");

        Assert.Multiple(() =>
        {
            Assert.That(found, Is.Null, "a damaged model is not reused");
            Assert.That(File.Exists(cache.ModelPath("k1")), Is.False);
            Assert.That(Directory.GetFiles(_directory, "k1.gguf.damaged-*"), Has.Length.EqualTo(1), "kept aside for a look");
            Assert.That(logger.Warnings.Single(), Does.Contain("k1.gguf is damaged").And.Contain("it is trained again"));
        });
        var retrained = cache.Store("k1", path =>
        {
            File.WriteAllText(path, "a whole model, trained again");
            return Record("k1");
        });
        Assert.That(cache.Find("k1")?.ModelSha256, Is.EqualTo(retrained.ModelSha256).And.Not.Null);
    }

    [Test]
    public void TrainingThatFailsHalfwayLeavesNothingUnderTheKey()
    {
        var cache = new TrainedModelCache(_directory);

        Assert.Throws<InvalidOperationException>(() => cache.Store("k1", path =>
        {
            File.WriteAllText(path, "half a model");
            throw new InvalidOperationException("diverged");
        }));

        Assert.That(cache.Find("k1"), Is.Null);
        Assert.That(Directory.GetFiles(_directory), Is.Empty);
    }

    [Test]
    public void TheHalfModelOfAKilledRunIsRemovedAndNeverFound()
    {
        var cache = new TrainedModelCache(_directory);
        // What a run killed while saving leaves: its temporary file, named with a process id that no longer runs.
        var leftover = Path.Combine(_directory, $"k1.{int.MaxValue}.tmp");
        File.WriteAllText(leftover, "half a model");

        Assert.That(cache.Find("k1"), Is.Null, "a temporary file is never a cached model");
        cache.Store("k1", path =>
        {
            File.WriteAllText(path, "whole model");
            return Record("k1");
        });

        Assert.That(File.Exists(leftover), Is.False);
        Assert.That(Directory.GetFiles(_directory).Select(Path.GetFileName), Is.EquivalentTo(new[] { "k1.gguf", "k1.json" }));
    }

    [Test]
    public void TwoPipelinesNeedingTheSameModelAtOnceTrainItOnceAndTheSecondReusesIt()
    {
        var cache = new TrainedModelCache(_directory);
        var trainings = 0;
        var waits = 0;
        using var firstIsTraining = new ManualResetEventSlim();
        using var secondIsWaiting = new ManualResetEventSlim();
        TrainingRecord Train(string path)
        {
            Interlocked.Increment(ref trainings);
            firstIsTraining.Set();
            // Holds the key until the other pipeline has said it waits, so the two really overlap.
            Assert.That(secondIsWaiting.Wait(TimeSpan.FromSeconds(30)), Is.True, "the second pipeline never waited");
            File.WriteAllText(path, "model bytes");
            return Record("k1");
        }

        var first = Task.Run(() => cache.FindOrTrain("k1", Train, () => Interlocked.Increment(ref waits), CancellationToken.None));
        Assert.That(firstIsTraining.Wait(TimeSpan.FromSeconds(30)), Is.True);
        var second = Task.Run(() => cache.FindOrTrain("k1", Train, () => { Interlocked.Increment(ref waits); secondIsWaiting.Set(); }, CancellationToken.None));
        Task.WaitAll([first, second], TimeSpan.FromSeconds(60));

        Assert.Multiple(() =>
        {
            Assert.That(trainings, Is.EqualTo(1), "one training for one key");
            Assert.That(waits, Is.EqualTo(1), "the second pipeline said once that it waits");
            Assert.That(first.Result.Reused, Is.False);
            Assert.That(second.Result.Reused, Is.True);
            Assert.That(second.Result.ModelSha256, Is.EqualTo(first.Result.ModelSha256));
        });
    }

    [Test]
    public void AnotherProcessHoldingTheKeysLockIsWaitedForAndItsDeathReleasesIt()
    {
        // flock(1) takes the same exclusive lock .NET takes for FileShare.None on Linux: a stand-in for another run
        // of the harness training this key, which we then kill as a crashed run would die.
        var lockPath = Path.Combine(_directory, "k1.lock");
        using var other = System.Diagnostics.Process.Start("flock", ["-x", lockPath, "sleep", "60"]);
        while (!IsLocked(lockPath))
        {
            Assert.That(other.HasExited, Is.False, "flock could not take the lock");
            Thread.Sleep(20);
        }
        var cache = new TrainedModelCache(_directory);
        var waited = false;

        var record = cache.FindOrTrain(
            "k1",
            path =>
            {
                Assert.That(other.HasExited, Is.True, "training started while the other process held the key");
                File.WriteAllText(path, "model bytes");
                return Record("k1");
            },
            () =>
            {
                waited = true;
                other.Kill(entireProcessTree: true);
            },
            CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(waited, Is.True);
            Assert.That(record.Reused, Is.False);
            Assert.That(File.ReadAllText(cache.ModelPath("k1")), Is.EqualTo("model bytes"));
        });
    }

    private static bool IsLocked(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }
        try
        {
            using var probe = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }
}
