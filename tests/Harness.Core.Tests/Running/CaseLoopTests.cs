using Harness.Core.Data;
using Harness.Core.Metrics;
using Harness.Core.Pipelines;
using Harness.Core.Running;
using Harness.Core.Store;
using NUnit.Framework;

namespace Harness.Core.Tests.Running;

/// <summary>The loop commits each case as it is scored, so a run that dies resumes with nothing lost or repeated.</summary>
public sealed class CaseLoopTests
{
    private static readonly EvalCase[] Cases =
    [
        .. Enumerable.Range(1, 7).Select(i => new EvalCase { Id = $"c{i}", Question = $"question {i}", References = [$"answer {i}"] }),
        new EvalCase { Id = "broken", Question = "", ImportError = "row 9: no question" },
    ];

    private string _directory = "";

    [SetUp]
    public void CreateRunDirectory() => _directory = Directory.CreateTempSubdirectory("harness-loop-").FullName;

    [TearDown]
    public void RemoveRunDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public async Task ARunThatDiesHalfWayResumesWithOneResultPerCaseAndPipeline()
    {
        var crashing = new EchoPipeline("echo", crashOnBatch: 2);
        using (var store = ResultStore.Open(_directory))
        {
            store.SaveCasesIfAbsent(Cases);
            await Assert.ThrowsAsync<IOException>(() => Loop(store).RunAsync(Cases, [crashing, new EchoPipeline("other")], null, CancellationToken.None));
        }

        var healthy = new EchoPipeline("echo");
        var other = new EchoPipeline("other");
        using (var store = ResultStore.Open(_directory))
        {
            await Loop(store).RunAsync(store.LoadCases(), [healthy, other], null, CancellationToken.None);
            var results = store.LoadResults();

            Assert.Multiple(() =>
            {
                Assert.That(results, Has.Count.EqualTo(Cases.Length * 2));
                Assert.That(results.Select(r => (r.Pipeline, r.CaseId)), Is.Unique);
                // batches of 3: batch 1 (c1-c3) was committed before batch 2 crashed, so only c4-c7 run again
                Assert.That(healthy.Answered, Is.EqualTo(new[] { "c4", "c5", "c6", "c7" }));
                Assert.That(other.Answered, Has.Count.EqualTo(7));
                Assert.That(results.Single(r => r.CaseId == "broken" && r.Pipeline == "echo").Error, Is.EqualTo("row 9: no question"));
            });
        }
    }

    [Test]
    public async Task AnImportErrorMakesEveryMetricOfTheCaseAnError()
    {
        using var store = ResultStore.Open(_directory);
        store.SaveCasesIfAbsent(Cases);

        await Loop(store).RunAsync(Cases, [new EchoPipeline("echo")], null, CancellationToken.None);

        var broken = store.LoadResults().Single(r => r.CaseId == "broken");
        Assert.That(broken.Metrics.Select(m => m.Status), Is.All.EqualTo(ValueStatus.Error));
    }

    [Test]
    public async Task OnlyTheFirstFreshAnswersAreTreatedAsWarmUp()
    {
        using var store = ResultStore.Open(_directory);
        store.SaveCasesIfAbsent(Cases);

        await new CaseLoop(store, new CaseScorer(new TimingMetric(), new MetricInputs(new Corpus([], []), null)), batchSize: 3, warmUpCases: 2)
            .RunAsync(Cases, [new EchoPipeline("echo")], null, CancellationToken.None);

        var statuses = store.LoadResults().Where(r => r.Error is null).Select(r => r.Find("latency_total_ms")!.Status).ToArray();
        Assert.That(statuses, Is.EqualTo(new[] { ValueStatus.Inconclusive, ValueStatus.Inconclusive, ValueStatus.Ok, ValueStatus.Ok, ValueStatus.Ok, ValueStatus.Ok, ValueStatus.Ok }));
    }

    [Test]
    public async Task ReplayedAnswersWithRecordedTimingsCountTowardWarmUpAndReplaysWithoutTimingsDoNot()
    {
        using var store = ResultStore.Open(_directory);
        store.SaveCasesIfAbsent(Cases);
        var recorded = new RecordedLatency("earlier-run", DateTimeOffset.UnixEpoch);
        // c1 replays an entry that kept no timings; c2 onwards replay the timings their first run recorded.
        var replaying = new EchoPipeline("echo", replay: c => c.Id == "c1" ? null : recorded);

        await new CaseLoop(store, new CaseScorer(new TimingMetric(), new MetricInputs(new Corpus([], []), null)), batchSize: 3, warmUpCases: 1)
            .RunAsync(Cases, [replaying], null, CancellationToken.None);

        var warmUps = store.LoadResults().Where(r => r.Metrics.Any(m => m.Diagnostic == "warm-up case, excluded from latency")).Select(r => r.CaseId);
        // The recording run left out its first answer with a latency, c2; a replay in its order leaves out the same one.
        Assert.That(warmUps, Is.EqualTo(new[] { "c2" }));
    }

    private static CaseLoop Loop(ResultStore store) => new(store, new CaseScorer(new TimingMetric(), new MetricInputs(new Corpus([], []), null)), batchSize: 3, warmUpCases: 0);

    /// <summary>Answers with the question; can be told to fail like a process that dies mid-run, or to replay every answer (with the recording it names, or none).</summary>
    private sealed class EchoPipeline(string name, int crashOnBatch = 0, Func<EvalCase, RecordedLatency?>? replay = null) : IPipeline
    {
        private int _batches;

        public List<string> Answered { get; } = [];

        public string Name => name;

        public string Kind => "closed-book";

        public bool Retrieves => false;

        public Task<IReadOnlyList<PipelineResult>> AnswerAsync(IReadOnlyList<EvalCase> cases, CancellationToken cancellationToken)
        {
            if (++_batches == crashOnBatch)
            {
                throw new IOException("the process died");
            }
            Answered.AddRange(cases.Select(c => c.Id));
            return Task.FromResult<IReadOnlyList<PipelineResult>>(
                [.. cases.Select(c => PipelineResult.Success(c.Id, new PipelineOutput
                {
                    Answer = c.Question,
                    Timings = new StageTimings { Total = TimeSpan.FromMilliseconds(5) },
                    FromCache = replay is not null,
                    Recorded = replay?.Invoke(c),
                }))]);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    /// <summary>A one-value latency metric, so the test needs nothing from Harness.Metrics.</summary>
    private sealed class TimingMetric : IMetric
    {
        public string Name => "latency";

        public IReadOnlyList<MetricDescriptor> Descriptors { get; } = [new("latency_total_ms", "Total latency", KnownMetrics.LatencyFamily, "ms", false)];

        public ValueTask<IReadOnlyList<MetricValue>> EvaluateAsync(MetricContext context, CancellationToken cancellationToken) =>
            ValueTask.FromResult<IReadOnlyList<MetricValue>>([MetricValue.Ok("latency_total_ms", context.Output.Timings.Total.TotalMilliseconds)]);
    }
}
