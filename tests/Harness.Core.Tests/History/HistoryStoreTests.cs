using Harness.Core.Gates;
using Harness.Core.History;
using Harness.Core.Results;
using Harness.Core.Tests.Gates;
using NUnit.Framework;

namespace Harness.Core.Tests.History;

public sealed class HistoryStoreTests
{
    private string _directory = "";

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("harness-history-").FullName;

    [TearDown]
    public void DeleteDirectory()
    {
        // SQLite's pooled connections keep the file open after Dispose; release them before deleting.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private static RunResult Run(string id, int day, double mean, GateVerdict verdict) => new RunBuilder().Build() with
    {
        Info = new RunBuilder().Build().Info with { RunId = id, StartedAt = new DateTimeOffset(2026, 11, day, 3, 0, 0, TimeSpan.FromHours(2)) },
        Summary = [new MetricSummary("rag", "recall@5", mean, mean - 0.05, mean + 0.05, 40, 0, 0)],
        Gates = [new GateResult("smoke / rag / recall@5 ≥ 0.60", verdict, "m") { Kind = GateKind.Threshold }],
    };

    [Test]
    public void TrendListsEachRunsAggregateOldestFirst()
    {
        using var history = HistoryStore.Open(Path.Combine(_directory, "history.db"));
        history.Append(Run("r3", 3, 0.70, GateVerdict.Pass));
        history.Append(Run("r1", 1, 0.60, GateVerdict.Inconclusive));
        history.Append(Run("r2", 2, 0.65, GateVerdict.Fail));

        var trend = history.Trend("smoke", "rag", "recall@5");

        Assert.Multiple(() =>
        {
            Assert.That(trend.Select(p => (p.RunId, p.Mean)), Is.EqualTo(new[] { ("r1", (double?)0.60), ("r2", 0.65), ("r3", 0.70) }));
            Assert.That(trend[0].StartedAt, Is.EqualTo(new DateTimeOffset(2026, 11, 1, 1, 0, 0, TimeSpan.Zero)));
            Assert.That(trend[0].CiLow, Is.EqualTo(0.55).Within(1e-12));
        });
    }

    [Test]
    public void TrendKeepsOnlyTheLastRunsAskedFor()
    {
        using var history = HistoryStore.Open(Path.Combine(_directory, "history.db"));
        for (var day = 1; day <= 5; day++)
        {
            history.Append(Run($"r{day}", day, 0.5 + (day / 100.0), GateVerdict.Pass));
        }

        Assert.That(history.Trend("smoke", "rag", "recall@5", last: 2).Select(p => p.RunId), Is.EqualTo(new[] { "r4", "r5" }));
    }

    [Test]
    public void AppendingARunAgainReplacesIt()
    {
        using var history = HistoryStore.Open(Path.Combine(_directory, "history.db"));
        history.Append(Run("r1", 1, 0.60, GateVerdict.Fail));
        history.Append(Run("r1", 1, 0.62, GateVerdict.Pass));

        var runs = history.Runs("smoke");

        Assert.Multiple(() =>
        {
            Assert.That(runs.Select(r => (r.RunId, r.Passed, r.Failed)), Is.EqualTo(new[] { ("r1", 1, 0) }));
            Assert.That(history.Trend("smoke", "rag", "recall@5").Single().Mean, Is.EqualTo(0.62));
            Assert.That(runs[0].ModelHash, Has.Length.EqualTo(16));
        });
    }

    [Test]
    public void HistorySurvivesReopening()
    {
        var path = Path.Combine(_directory, "history.db");
        using (var history = HistoryStore.Open(path))
        {
            history.Append(Run("r1", 1, 0.6, GateVerdict.Pass));
        }

        using var reopened = HistoryStore.Open(path);

        Assert.That(reopened.Runs("smoke").Single().RunId, Is.EqualTo("r1"));
    }
}
