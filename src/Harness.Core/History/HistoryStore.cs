using System.Globalization;
using System.Text.Json;
using Harness.Core.Baselines;
using Harness.Core.Gates;
using Harness.Core.Results;
using Microsoft.Data.Sqlite;

namespace Harness.Core.History;

/// <summary>One run as the history keeps it.</summary>
public sealed record HistoryRun(
    string RunId, string Suite, DateTimeOffset StartedAt, string? GitCommit, string? ModelHash, string? DatasetHash,
    int Passed, int Failed, int Inconclusive);

/// <summary>One run's aggregate of one pipeline × metric, a point of a trend chart.</summary>
public sealed record TrendPoint(
    string RunId, DateTimeOffset StartedAt, string? GitCommit, double? Mean, double? CiLow, double? CiHigh, int N, int NError);

/// <summary>
/// Every run's summaries and gate verdicts across time (<c>results/history.db</c>), so reports can
/// draw trends. Appending the same run id again replaces it (a resumed run is appended once more).
/// </summary>
public sealed class HistoryStore : IDisposable
{
    public const string FileName = "history.db";

    private readonly SqliteConnection _connection;

    private HistoryStore(SqliteConnection connection) => _connection = connection;

    public static string DefaultPath => PathIn(RepositoryPaths.Results);

    /// <summary>The history store of a results folder.</summary>
    public static string PathIn(string resultsDirectory) => Path.Combine(resultsDirectory, FileName);

    public static HistoryStore Open(string? path = null)
    {
        path ??= DefaultPath;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var connection = new SqliteConnection($"Data Source={path}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS runs (
                run_id TEXT PRIMARY KEY, suite TEXT NOT NULL, dataset TEXT NOT NULL, started_at TEXT NOT NULL,
                finished_at TEXT, git_commit TEXT, model_hash TEXT, dataset_hash TEXT, seed INTEGER NOT NULL,
                case_limit INTEGER, cache_mode TEXT NOT NULL, backend TEXT, environment TEXT NOT NULL,
                passed INTEGER NOT NULL, failed INTEGER NOT NULL, inconclusive INTEGER NOT NULL);
            CREATE INDEX IF NOT EXISTS runs_by_suite ON runs (suite, started_at);
            CREATE TABLE IF NOT EXISTS summaries (
                run_id TEXT NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE, pipeline TEXT NOT NULL, metric TEXT NOT NULL,
                mean REAL, ci_low REAL, ci_high REAL, n INTEGER NOT NULL, n_inconclusive INTEGER NOT NULL, n_error INTEGER NOT NULL,
                p50 REAL, p95 REAL, p99 REAL,
                PRIMARY KEY (run_id, pipeline, metric));
            CREATE TABLE IF NOT EXISTS gates (
                run_id TEXT NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE, ordinal INTEGER NOT NULL, gate_index INTEGER NOT NULL,
                name TEXT NOT NULL, kind TEXT NOT NULL, verdict TEXT NOT NULL, pipeline TEXT, metric TEXT,
                value REAL, ci_low REAL, ci_high REAL, threshold REAL, n INTEGER NOT NULL, p_value REAL, adjusted_p REAL,
                message TEXT NOT NULL,
                PRIMARY KEY (run_id, ordinal));
            """;
        command.ExecuteNonQuery();
        return new HistoryStore(connection);
    }

    /// <summary>Records a finished run (its summaries and gate verdicts) in one transaction.</summary>
    public void Append(RunResult run)
    {
        ArgumentNullException.ThrowIfNull(run);
        using var transaction = _connection.BeginTransaction();
        Execute(transaction, "DELETE FROM summaries WHERE run_id = $run; DELETE FROM gates WHERE run_id = $run; DELETE FROM runs WHERE run_id = $run;",
            ("$run", run.Info.RunId));
        Execute(transaction, """
            INSERT INTO runs VALUES ($run, $suite, $dataset, $started, $finished, $git, $model, $datasetHash, $seed, $limit,
                                     $cache, $backend, $environment, $passed, $failed, $inconclusive)
            """,
            ("$run", run.Info.RunId), ("$suite", run.Info.Suite), ("$dataset", run.Info.Dataset),
            ("$started", Time(run.Info.StartedAt)), ("$finished", run.Info.FinishedAt is { } f ? Time(f) : null),
            ("$git", run.Environment.GitCommit), ("$model", RunCompatibility.ModelFingerprint(run.Environment)),
            ("$datasetHash", run.Info.DatasetHash), ("$seed", run.Info.Seed), ("$limit", run.Info.Limit),
            ("$cache", run.Info.CacheMode), ("$backend", run.Environment.Backend),
            ("$environment", JsonSerializer.Serialize(run.Environment, HarnessJson.Options)),
            ("$passed", run.Gates.Count(g => g.Verdict == GateVerdict.Pass)),
            ("$failed", run.Gates.Count(g => g.Verdict == GateVerdict.Fail)),
            ("$inconclusive", run.Gates.Count(g => g.Verdict == GateVerdict.Inconclusive)));
        foreach (var s in run.Summary)
        {
            Execute(transaction, "INSERT INTO summaries VALUES ($run, $pipeline, $metric, $mean, $low, $high, $n, $ni, $ne, $p50, $p95, $p99)",
                ("$run", run.Info.RunId), ("$pipeline", s.Pipeline), ("$metric", s.MetricId), ("$mean", s.Mean), ("$low", s.CiLow),
                ("$high", s.CiHigh), ("$n", s.N), ("$ni", s.NInconclusive), ("$ne", s.NError), ("$p50", s.P50), ("$p95", s.P95), ("$p99", s.P99));
        }
        for (var i = 0; i < run.Gates.Count; i++)
        {
            var g = run.Gates[i];
            Execute(transaction, """
                INSERT INTO gates VALUES ($run, $ordinal, $index, $name, $kind, $verdict, $pipeline, $metric, $value, $low, $high,
                                          $threshold, $n, $p, $adjusted, $message)
                """,
                ("$run", run.Info.RunId), ("$ordinal", i), ("$index", g.GateIndex), ("$name", g.Name), ("$kind", g.Kind.ToString()),
                ("$verdict", g.Verdict.ToString()), ("$pipeline", g.Pipeline), ("$metric", g.MetricId), ("$value", g.Value),
                ("$low", g.CiLow), ("$high", g.CiHigh), ("$threshold", g.Threshold), ("$n", g.N), ("$p", g.PValue),
                ("$adjusted", g.AdjustedPValue), ("$message", g.Message));
        }
        transaction.Commit();
    }

    /// <summary>The suite's runs, oldest first.</summary>
    public IReadOnlyList<HistoryRun> Runs(string suite)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = """
            SELECT run_id, suite, started_at, git_commit, model_hash, dataset_hash, passed, failed, inconclusive
            FROM runs WHERE suite = $suite ORDER BY started_at, run_id
            """;
        command.Parameters.AddWithValue("$suite", suite);
        var runs = new List<HistoryRun>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            runs.Add(new HistoryRun(reader.GetString(0), reader.GetString(1), ParseTime(reader.GetString(2)), Text(reader, 3), Text(reader, 4),
                Text(reader, 5), reader.GetInt32(6), reader.GetInt32(7), reader.GetInt32(8)));
        }
        return runs;
    }

    /// <summary>The last <paramref name="last"/> runs' aggregate of one pipeline × metric, oldest first.</summary>
    public IReadOnlyList<TrendPoint> Trend(string suite, string pipeline, string metricId, int last = 30)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(last, 1);
        using var command = _connection.CreateCommand();
        command.CommandText = """
            SELECT * FROM (
                SELECT r.run_id, r.started_at, r.git_commit, s.mean, s.ci_low, s.ci_high, s.n, s.n_error
                FROM summaries s JOIN runs r ON r.run_id = s.run_id
                WHERE r.suite = $suite AND s.pipeline = $pipeline AND s.metric = $metric
                ORDER BY r.started_at DESC, r.run_id DESC LIMIT $last)
            ORDER BY started_at, run_id
            """;
        command.Parameters.AddWithValue("$suite", suite);
        command.Parameters.AddWithValue("$pipeline", pipeline);
        command.Parameters.AddWithValue("$metric", metricId);
        command.Parameters.AddWithValue("$last", last);
        var points = new List<TrendPoint>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            points.Add(new TrendPoint(reader.GetString(0), ParseTime(reader.GetString(1)), Text(reader, 2), Real(reader, 3), Real(reader, 4),
                Real(reader, 5), reader.GetInt32(6), reader.GetInt32(7)));
        }
        return points;
    }

    public void Dispose() => _connection.Dispose();

    private void Execute(SqliteTransaction transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        command.ExecuteNonQuery();
    }

    // Round-trip UTC text sorts in time order, so ORDER BY started_at is chronological.
    private static string Time(DateTimeOffset time) => time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTime(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    private static string? Text(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static double? Real(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetDouble(ordinal);
}
