using Harness.Core.Baselines;
using Harness.Core.Gates;
using Harness.Core.Pipelines;
using Harness.Core.Results;
using Harness.Core.Tests.Gates;
using NUnit.Framework;

namespace Harness.Core.Tests.Baselines;

public sealed class BaselineStoreTests
{
    private string _directory = "";

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("harness-baselines-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    private static RunResult Run() => new RunBuilder()
        .Values("rag", RunBuilder.Recall, [1.0, 0.5, 0.0])
        .Error("rag", "c003", "timeout")
        .Build();

    [Test]
    public void ASavedBaselineLoadsBackWithEveryCaseValueAndHash()
    {
        var run = Run();

        var path = BaselineStore.Save(Baseline.FromRun(run, DateTimeOffset.UnixEpoch), _directory);
        var loaded = BaselineStore.Load(path);

        Assert.Multiple(() =>
        {
            Assert.That(path, Is.EqualTo(Path.Combine(_directory, "smoke.json")));
            Assert.That(loaded.Info, Is.EqualTo(run.Info));
            Assert.That(loaded.Environment.Models.Single().Sha256, Is.EqualTo("aa11"));
            Assert.That(loaded.Results.Select(r => (r.CaseId, r.Error, r.Find("recall@5")?.Value)), Is.EqualTo(new[]
            {
                ("c000", (string?)null, (double?)1.0),
                ("c001", null, 0.5),
                ("c002", null, 0.0),
                ("c003", "timeout", null),
            }));
        });
    }

    [Test]
    public void ABaselineKeepsNoAnswersOrPrompts()
    {
        var run = Run();
        run = run with { Results = [run.Results[0] with { Output = new PipelineOutput { Answer = "secret answer", Prompt = "long prompt" } }] };

        var baseline = Baseline.FromRun(run, DateTimeOffset.UnixEpoch);

        Assert.That(baseline.Results.Single().Output, Is.Null);
    }

    [Test]
    public void ARunCheckedAgainstItsOwnSavedBaselineIsNotRegressed()
    {
        var run = new RunBuilder().Values("rag", RunBuilder.Recall, Enumerable.Range(0, 30).Select(i => (i % 3) / 2.0)).Build();
        BaselineStore.Save(Baseline.FromRun(run, DateTimeOffset.UnixEpoch), _directory);

        var baseline = BaselineStore.TryLoad("smoke", _directory)!.ToRunResult();
        var result = PairedCheck.ResolveAll([RegressionGate.Prepare("r", run, baseline, "rag", "recall@5", 0.02, GateOptions.Default)])[0];

        Assert.That(result.Verdict, Is.EqualTo(GateVerdict.Pass));
    }

    [Test]
    public void AMissingBaselineIsNull()
    {
        Assert.That(BaselineStore.TryLoad("nothing-saved", _directory), Is.Null);
    }

    [Test]
    public void ASuiteNameThatWouldLeaveTheFolderIsRefused()
    {
        Assert.That(() => BaselineStore.PathFor("../escape", _directory), Throws.TypeOf<PathEscapeException>());
    }

    [Test]
    public void AFileThatIsNotABaselineIsReportedWithItsPath()
    {
        var path = Path.Combine(_directory, "broken.json");
        File.WriteAllText(path, "{ not json");

        Assert.That(() => BaselineStore.Load(path), Throws.InstanceOf<InvalidDataException>().With.Message.StartsWith(path));
    }

    [Test]
    public void ABaselineSavedWhenTheVersionFieldWasCalledFormatIsReadAsVersionOne()
    {
        var path = BaselineStore.Save(Baseline.FromRun(Run(), DateTimeOffset.UnixEpoch), _directory);
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"formatVersion\": 1", "\"format\": 1", StringComparison.Ordinal));

        var loaded = BaselineStore.Load(path);

        // Run() has three recall values and one error: four case results.
        Assert.That((loaded.FormatVersion, loaded.Results.Count), Is.EqualTo((1, 4)));
    }

    [Test]
    public void ABaselineFromANewerHarnessIsRefusedNamingTheFileTheVersionAndTheFix()
    {
        var path = BaselineStore.Save(Baseline.FromRun(Run(), DateTimeOffset.UnixEpoch), _directory);
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"formatVersion\": 1", "\"formatVersion\": 2", StringComparison.Ordinal));

        Assert.That(() => BaselineStore.Load(path), Throws.InstanceOf<InvalidDataException>()
            .With.Message.StartsWith(path)
            .And.Message.Contains("baseline format version 2 was written by a newer harness; this one reads versions 1 to 1")
            .And.Message.Contains("./harness baseline save"));
    }
}
