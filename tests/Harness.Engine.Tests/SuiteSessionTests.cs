using CsvHelper;
using Harness.Core;
using Harness.Core.Caching;
using Harness.Core.Running;
using Harness.Core.Suites;
using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;

namespace Harness.Engine.Tests;

/// <summary>
/// End to end with the real tiny model: the JSON Lines example dataset (generic importer, a card and a
/// suite, no code) through closed-book, RAG and fine-tuned pipelines to the run's files.
/// </summary>
[Category("model")]
public sealed class SuiteSessionTests
{
    private string _output = "";

    [SetUp]
    public void RequireModel()
    {
        if (!File.Exists(Path.Combine(RepositoryPaths.Cache, "models", "stories260K.gguf")))
        {
            Assert.Ignore("stories260K.gguf is not in the cache: run 'bash native/bootstrap.sh' with ../shared beside the repository");
        }
        _output = Directory.CreateTempSubdirectory("harness-session-").FullName;
    }

    [TearDown]
    public void RemoveOutput() => Directory.Delete(_output, recursive: true);

    [Test]
    public async Task AJsonlDatasetWithACardAndASuiteRunsEndToEndWithoutCode()
    {
        var suite = LoadExampleSuite() with { Description = "The worked example of suites/README.md." };

        var result = await RunAsync(suite, CacheMode.Off);

        var rows = CsvRows(Path.Combine(result.Directory, "cases.csv"));
        using var runJson = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(result.Directory, "run.json")));
        Assert.Multiple(() =>
        {
            Assert.That(result.Run.Cases, Has.Count.EqualTo(7), "every row of toyqa.jsonl becomes a case, broken rows as error cases");
            Assert.That(result.Run.Results, Has.Count.EqualTo(7 * 3), "one result per case and pipeline");
            Assert.That(result.Run.Results.Count(r => r.Error is not null), Is.EqualTo(3 * 3), "rows 3, 4 and 6 are broken in every pipeline");
            Assert.That(result.Run.Summary.Where(s => s.MetricId == "token_f1").Select(s => s.Pipeline), Is.EquivalentTo(new[] { "closed-book", "rag", "fine-tuned" }));
            Assert.That(result.Run.Summary.Single(s => s.MetricId == "recall@1" && s.Pipeline == "rag").N, Is.GreaterThan(0));
            Assert.That(result.Run.Environment.Models.Select(m => m.Name), Is.EquivalentTo(new[] { "stories260K", "stories260K-toyfacts-lora-r8" }));
            Assert.That(result.Run.Gates, Is.Not.Empty, "the suite's gates are evaluated");
            Assert.That(File.Exists(Path.Combine(result.Directory, "summary.csv")) && File.Exists(Path.Combine(result.Directory, "run.json")), Is.True);
            Assert.That(rows.Select(r => (r["case_id"], r["pipeline"])).ToList(), Is.Unique.And.Count.EqualTo(7 * 3), "cases.csv: one row per case and pipeline");
            Assert.That(runJson.RootElement.GetProperty("run").GetProperty("description").GetString(), Is.EqualTo("The worked example of suites/README.md."));
        });
    }

    [Test]
    public async Task ReplayingFromTheCacheGivesTheSameAnswersWithoutRegenerating()
    {
        var suite = LoadExampleSuite();
        var first = await RunAsync(suite, CacheMode.Replay, "first");
        var second = await RunAsync(suite, CacheMode.Replay, "second");

        var answers = (SessionResult r) => r.Run.Results.Select(x => (x.Pipeline, x.CaseId, x.Output?.Answer)).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(answers(second), Is.EqualTo(answers(first)));
            Assert.That(second.Run.Results.Where(r => r.Output is not null).All(r => r.Output!.FromCache), Is.True, "every answer of the second run is replayed");
            Assert.That(first.Run.Results.Where(r => r.Output is not null).Any(r => r.Output!.FromCache), Is.False, "the first run generated into an empty cache");
        });
    }

    [Test]
    public async Task AReplayReportsTheLatencyRecordedByTheRunThatGeneratedItsAnswers()
    {
        var suite = LoadExampleSuite();
        var first = await RunAsync(suite, CacheMode.Replay, "first");
        var second = await RunAsync(suite, CacheMode.Replay, "second");

        // The model's stages; retrieval runs again on a replay and is measured then. Milliseconds to the microsecond:
        // the cache stores them as REAL, which may round a TimeSpan by a tick (0.1 µs).
        string[] modelStages = ["latency_prompt_ms", "ttft_ms", "latency_generation_ms"];
        var latencies = (SessionResult r) => r.Run.Results.Where(x => x.Output is not null)
            .SelectMany(x => modelStages.Select(id => (x.Pipeline, x.CaseId, id, x.Find(id)!.Status, Value: x.Find(id)!.Value is { } v ? Math.Round(v, 3) : (double?)null)))
            .ToArray();
        var replayed = second.Run.Results.Select(r => r.Output).OfType<Core.Pipelines.PipelineOutput>().ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(latencies(second), Is.EqualTo(latencies(first)), "each replayed answer reports the latency its first run measured, warm-up cases included");
            Assert.That(latencies(first).Count(l => l.Status == Core.Metrics.ValueStatus.Ok), Is.GreaterThan(0), "the first run measured latencies to compare");
            Assert.That(replayed.Select(o => o.Recorded?.RunId).Distinct(), Is.EqualTo(new[] { first.Run.Info.RunId }), "every replayed answer names the run that generated it");
        });
    }

    private static List<Dictionary<string, string>> CsvRows(string path)
    {
        using var reader = CsvReader.Create(File.ReadAllBytes(path));
        var rows = new List<Dictionary<string, string>>();
        while (reader.Read())
        {
            rows.Add(reader.Headers.Select((name, i) => (name, value: reader.GetString(i))).ToDictionary(x => x.name, x => x.value));
        }
        return rows;
    }

    private static SuiteDefinition LoadExampleSuite()
    {
        var validation = new SuiteValidator().Validate(Path.Combine(RepositoryPaths.Root, "suites", "examples", "toyqa.yaml"));
        Assert.That(validation.Problems, Is.Empty);
        return validation.Suite!;
    }

    private Task<SessionResult> RunAsync(SuiteDefinition suite, CacheMode cache, string name = "run") =>
        new SuiteSession(NullLoggerFactory.Instance).RunAsync(
            suite,
            new RunOptions { Cache = cache, GenerationCachePath = Path.Combine(_output, "generations.db"), OutputDirectory = Path.Combine(_output, name), Threads = 1 },
            new SessionOptions { RecordHistory = false },
            progress: null,
            CancellationToken.None);
}
