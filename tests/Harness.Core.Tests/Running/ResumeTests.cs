using Harness.Core.Caching;
using Harness.Core.Data;
using Harness.Core.Datasets;
using Harness.Core.Metrics;
using Harness.Core.Pipelines;
using Harness.Core.Results;
using Harness.Core.Running;
using Harness.Core.Running.Sharding;
using Harness.Core.Store;
using Harness.Core.Suites;
using Harness.Retrieval.Tests;
using NUnit.Framework;

namespace Harness.Core.Tests.Running;

/// <summary>
/// An unfinished run resumes only under the configuration it started with: any one item flipped starts a new run, and
/// the log names the item, so one run never holds rows of two configurations.
/// </summary>
public sealed class ResumeTests
{
    private static readonly ModelFileInfo Generator = new("stories260K", "generator", "models/stories260K.gguf", "aa11");
    private static readonly ModelFileInfo Adapter = new("toyfacts-lora", "adapter", "models/toyfacts-lora.gguf", "bb22");
    private static readonly SupportScorerInfo Judge = new("judge:stories260K", "judge:model=aa11:prompt=cc33");

    private static readonly RunOptions Started = new()
    {
        Cache = CacheMode.Replay, Backend = "cpu", CpuVariant = "portable", Threads = 1, GpuLayers = 0, Parallel = 4, WarmUpCases = 1,
    };

    private string _folder = "";
    private string _suitePath = "";

    [SetUp]
    public void WriteSuite()
    {
        _folder = Directory.CreateTempSubdirectory("harness-resume-").FullName;
        _suitePath = Path.Combine(_folder, "resume.yaml");
        File.WriteAllText(_suitePath, "name: resume\ndataset: toyqa\n");
    }

    [TearDown]
    public void RemoveFolder()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>One flip per configuration item: the item's name in the log, and what to change from the run that was cut off.</summary>
    public static IEnumerable<TestCaseData> Flips()
    {
        static TestCaseData Flip(string item, Func<Setup, Setup> change) => new TestCaseData(item, change).SetName($"Flipping {item} starts a new run and says so");
        yield return Flip("suite file sha256", s => s with { SuiteText = "name: resume\ndataset: toyqa\ndescription: edited\n" });
        yield return Flip("seed", s => s with { Options = s.Options with { Seed = 99 } });
        yield return Flip("limit", s => s with { Options = s.Options with { Limit = 2 } });
        yield return Flip("pipelines", s => s with { Options = s.Options with { Pipelines = ["echo"] } });
        yield return Flip("shard", s => s with { Options = s.Options with { Shard = new Shard(1, 2) } });
        yield return Flip("cache mode", s => s with { Options = s.Options with { Cache = CacheMode.Refresh } });
        yield return Flip("backend", s => s with { Options = s.Options with { Backend = "cuda" } });
        yield return Flip("CPU variant", s => s with { Options = s.Options with { CpuVariant = "native" } });
        yield return Flip("threads", s => s with { Options = s.Options with { Threads = 2 } });
        yield return Flip("GPU layers", s => s with { Options = s.Options with { GpuLayers = -1 } });
        yield return Flip("parallel sequences", s => s with { Options = s.Options with { Parallel = 1 } });
        yield return Flip("warm-up cases", s => s with { Options = s.Options with { WarmUpCases = 0 } });
        yield return Flip("models", s => s with { Models = [Generator with { Sha256 = "aa12" }, Adapter] }).SetName("Flipping the generator's sha256 starts a new run and says so");
        yield return Flip("models", s => s with { Models = [Generator, Adapter with { Sha256 = "bb23" }] }).SetName("Flipping the adapter's sha256 starts a new run and says so");
        yield return Flip("dataset sha256", s => s with { Dataset = "fixture-squad" });
        yield return Flip("support scorer", s => s with { Scorer = Judge with { Identity = "judge:model=ff99:prompt=cc33" } }).SetName("Flipping the judge's model starts a new run and says so");
        yield return Flip("support scorer", s => s with { Scorer = new SupportScorerInfo("lexical", "lexical:threshold=0.70") });
    }

    [TestCaseSource(nameof(Flips))]
    public async Task AnyOneItemFlippedStartsANewRunAndTheLogNamesIt(string item, Func<Setup, Setup> change)
    {
        var cutOff = await CutOffRunAsync();
        var logger = new CapturingLogger();

        var flipped = await RunAsync(change(new Setup()), logger);

        Assert.Multiple(() =>
        {
            Assert.That(flipped, Is.Not.EqualTo(cutOff), "a new run folder");
            Assert.That(logger.Warnings.Single(), Does.StartWith($"Not resuming the unfinished run {Path.GetFileName(cutOff)}: its {item} '"));
        });
    }

    [Test]
    public async Task TheSameConfigurationResumesTheUnfinishedRunWithoutAWarning()
    {
        var cutOff = await CutOffRunAsync();
        var logger = new CapturingLogger();

        var resumed = await RunAsync(new Setup(), logger);

        Assert.Multiple(() =>
        {
            Assert.That(resumed, Is.EqualTo(cutOff));
            Assert.That(logger.Warnings, Is.Empty);
            Assert.That(logger.Entries.Select(e => e.Message), Has.Some.StartsWith($"Resuming run {Path.GetFileName(cutOff)}"));
        });
    }

    [Test]
    public async Task AnOutFolderHoldingARunOfAnotherConfigurationIsRefusedNamingTheItem()
    {
        var cutOff = await CutOffRunAsync();
        var setup = new Setup { Options = Started with { OutputDirectory = cutOff, Cache = CacheMode.Off } };

        var refusal = await Assert.ThrowsAsync<ArgumentException>(() => RunAsync(setup, new CapturingLogger()));

        Assert.That(refusal!.Message, Does.StartWith($"'{cutOff}' holds run {Path.GetFileName(cutOff)} of another configuration (cache mode 'off' vs 'replay')"));
    }

    [Test]
    public void TheRunStoreFormatVersionIsAnItem()
    {
        var configuration = RunConfiguration.Of(Suite(new Setup()), 1, 0, Started, "dd44", [Generator], null);
        // A store written under another layout version of the run store.
        var older = configuration with { Items = [.. configuration.Items.Select(i => i.Name == "run store format version" ? i with { Value = "0" } : i)] };

        Assert.That(configuration.Difference(older), Is.EqualTo($"run store format version '{FormatVersions.ResultStore}' vs '0'"));
    }

    /// <summary>What a run is started with; each test flips one thing.</summary>
    public sealed record Setup
    {
        public string SuiteText { get; init; } = "name: resume\ndataset: toyqa\n";
        public string Dataset { get; init; } = "toyqa";
        public RunOptions Options { get; init; } = Started;
        public IReadOnlyList<ModelFileInfo> Models { get; init; } = [Generator, Adapter];
        public SupportScorerInfo? Scorer { get; init; } = Judge;
    }

    /// <summary>A run whose pipeline dies on its first batch, as a killed process leaves it: unfinished.</summary>
    private async Task<string> CutOffRunAsync()
    {
        var factory = new EchoFactory([Generator, Adapter], crash: true);
        await Assert.ThrowsAsync<IOException>(() => Runner(factory, Judge, new CapturingLogger()).RunAsync(Suite(new Setup()), Started, null, CancellationToken.None));
        return new RunRepository(Results).Runs("resume").Single();
    }

    private async Task<string> RunAsync(Setup setup, CapturingLogger logger)
    {
        File.WriteAllText(_suitePath, setup.SuiteText);
        var run = await Runner(new EchoFactory(setup.Models, crash: false), setup.Scorer, logger).RunAsync(Suite(setup), setup.Options, null, CancellationToken.None);
        return run.Directory;
    }

    private string Results => Path.Combine(_folder, "results");

    private SuiteRunner Runner(IPipelineFactory factory, SupportScorerInfo? scorer, CapturingLogger logger) =>
        new(factory, new OneMetricProvider(scorer), new DatasetCatalog(), new RunRepository(Results), logger);

    private SuiteDefinition Suite(Setup setup) => new()
    {
        Name = "resume",
        Dataset = setup.Dataset,
        Pipelines = [new PipelineDefinition { Name = "echo", Kind = PipelineKind.ClosedBook }, new PipelineDefinition { Name = "other", Kind = PipelineKind.ClosedBook }],
        SourcePath = _suitePath,
    };

    /// <summary>Echo pipelines over the given model files; with <c>crash</c>, the first batch dies.</summary>
    private sealed class EchoFactory(IReadOnlyList<ModelFileInfo> models, bool crash) : IPipelineFactory
    {
        public Task<PipelineSet> CreateAsync(SuiteDefinition suite, Dataset dataset, RunOptions options, CancellationToken cancellationToken) =>
            Task.FromResult(new PipelineSet(
                [.. suite.Pipelines.Select(p => new EchoPipeline(p.Name, crash))],
                [.. suite.Pipelines.Select(p => new PipelineInfo(p.Name, "closed-book", false, "echo"))],
                models, options.Threads, null, null, []));

        public IReadOnlyList<ModelFileInfo> ModelFiles(SuiteDefinition suite) => models;
    }

    private sealed class EchoPipeline(string name, bool crash) : IPipeline
    {
        public string Name => name;

        public string Kind => "closed-book";

        public bool Retrieves => false;

        public Task<IReadOnlyList<PipelineResult>> AnswerAsync(IReadOnlyList<EvalCase> cases, CancellationToken cancellationToken) => crash
            ? throw new IOException("the process died")
            : Task.FromResult<IReadOnlyList<PipelineResult>>([.. cases.Select(c => PipelineResult.Success(c.Id, new PipelineOutput { Answer = c.Question }))]);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class OneMetricProvider(SupportScorerInfo? scorer) : IMetricProvider
    {
        public IMetric Resolve(SuiteDefinition suite, Corpus corpus) => new AnswerLength();

        public SupportScorerInfo? SupportScorer(SuiteDefinition suite) => scorer;
    }

    private sealed class AnswerLength : IMetric
    {
        public string Name => "length";

        public IReadOnlyList<MetricDescriptor> Descriptors { get; } = [new("answer_length", "Answer length", "length", "characters", HigherIsBetter: true)];

        public ValueTask<IReadOnlyList<MetricValue>> EvaluateAsync(MetricContext context, CancellationToken cancellationToken) =>
            ValueTask.FromResult<IReadOnlyList<MetricValue>>([MetricValue.Ok("answer_length", context.Output.Answer.Length)]);
    }
}
