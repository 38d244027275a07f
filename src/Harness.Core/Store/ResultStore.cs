using System.Text.Json;
using Harness.Core.Data;
using Harness.Core.Results;
using Microsoft.Data.Sqlite;

namespace Harness.Core.Store;

/// <summary>
/// The SQLite store of one run (<c>results/&lt;run-id&gt;/run.db</c>). Each case's result is committed
/// as soon as it is known, in its own transaction, so a run killed at any point resumes where it stopped
/// with nothing lost and nothing duplicated (one row per case × pipeline, by primary key).
/// </summary>
public sealed class ResultStore : IDisposable
{
    public const string FileName = "run.db";

    // SQLITE_CORRUPT and SQLITE_NOTADB: the file is not (or no longer) a database.
    private const int SqliteCorrupt = 11;
    private const int SqliteNotADatabase = 26;

    private static readonly byte[] Header = "SQLite format 3\0"u8.ToArray();

    private readonly SqliteConnection _connection;
    private readonly string _path;

    private ResultStore(SqliteConnection connection, string path)
    {
        _connection = connection;
        _path = path;
    }

    public static ResultStore Open(string runDirectory)
    {
        Directory.CreateDirectory(runDirectory);
        var path = Path.Combine(runDirectory, FileName);
        // A file that is not a database is named before SQLite opens it (and adds its journal files beside it).
        if (!HasHeader(path))
        {
            throw Damaged(path, "it does not start with the SQLite header");
        }
        var connection = new SqliteConnection($"Data Source={path}");
        try
        {
            connection.Open();
            Execute(connection, """
                PRAGMA journal_mode = WAL;
                PRAGMA synchronous = NORMAL;
                CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS cases (ordinal INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, json TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS results (
                    pipeline TEXT NOT NULL, case_id TEXT NOT NULL, json TEXT NOT NULL,
                    PRIMARY KEY (pipeline, case_id));
                """);
        }
        catch (SqliteException e) when (IsDamage(e))
        {
            connection.Dispose();
            throw Damaged(path, e.Message, e);
        }
        var store = new ResultStore(connection, path);
        try
        {
            store.CheckFormatVersion();
        }
        catch
        {
            store.Dispose();
            throw;
        }
        return store;
    }

    /// <summary>The meta key of the store's layout version (<see cref="FormatVersions.ResultStore"/>).</summary>
    public const string FormatVersionKey = "formatVersion";

    /// <summary>Stamps a new (or pre-version) store with this harness's version; refuses a store written by a newer one before anything reads it.</summary>
    private void CheckFormatVersion()
    {
        int? found;
        try
        {
            found = GetMeta<int?>(FormatVersionKey);
        }
        catch (JsonException e)
        {
            throw Damaged(_path, $"its {FormatVersionKey} is not a number", e);
        }
        if (found is not { } version)
        {
            SetMeta(FormatVersionKey, FormatVersions.ResultStore);
            return;
        }
        FormatVersions.Check(
            _path, "run store", version, FormatVersions.ResultStore,
            $"start a new run with 'harness run <suite> --fresh', or move {Path.GetDirectoryName(Path.GetFullPath(_path))} away; nothing in it was changed");
    }

    public static bool Exists(string runDirectory) => File.Exists(Path.Combine(runDirectory, FileName));

    public void SetMeta<T>(string key, T value) => Guard(() =>
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "INSERT INTO meta (key, value) VALUES ($key, $value) ON CONFLICT(key) DO UPDATE SET value = excluded.value";
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$value", JsonSerializer.Serialize(value, HarnessJson.Options));
        return command.ExecuteNonQuery();
    });

    public T? GetMeta<T>(string key) => Guard(() =>
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT value FROM meta WHERE key = $key";
        command.Parameters.AddWithValue("$key", key);
        return command.ExecuteScalar() is string json ? JsonSerializer.Deserialize<T>(json, HarnessJson.Options) : default;
    });

    /// <summary>Records the run's cases once, in order; a resumed run keeps the cases it started with.</summary>
    public void SaveCasesIfAbsent(IReadOnlyList<EvalCase> cases) => Guard(() =>
    {
        using var transaction = _connection.BeginTransaction();
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT OR IGNORE INTO cases (ordinal, id, json) VALUES ($ordinal, $id, $json)";
        var ordinal = command.Parameters.Add("$ordinal", SqliteType.Integer);
        var id = command.Parameters.Add("$id", SqliteType.Text);
        var json = command.Parameters.Add("$json", SqliteType.Text);
        for (var i = 0; i < cases.Count; i++)
        {
            ordinal.Value = i;
            id.Value = cases[i].Id;
            json.Value = JsonSerializer.Serialize(cases[i], HarnessJson.Options);
            command.ExecuteNonQuery();
        }
        transaction.Commit();
        return cases.Count;
    });

    public IReadOnlyList<EvalCase> LoadCases() => Guard(() =>
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT json FROM cases ORDER BY ordinal";
        return ReadAll(command, reader => JsonSerializer.Deserialize<EvalCase>(reader.GetString(0), HarnessJson.Options)!);
    });

    /// <summary>Commits one case's result; writing the same case × pipeline again replaces it.</summary>
    public void SaveResult(CaseResult result) => Guard(() =>
    {
        using var command = _connection.CreateCommand();
        command.CommandText = """
            INSERT INTO results (pipeline, case_id, json) VALUES ($pipeline, $case, $json)
            ON CONFLICT(pipeline, case_id) DO UPDATE SET json = excluded.json
            """;
        command.Parameters.AddWithValue("$pipeline", result.Pipeline);
        command.Parameters.AddWithValue("$case", result.CaseId);
        command.Parameters.AddWithValue("$json", JsonSerializer.Serialize(result, HarnessJson.Options));
        return command.ExecuteNonQuery();
    });

    public IReadOnlyList<CaseResult> LoadResults() => Guard(() =>
    {
        using var command = _connection.CreateCommand();
        command.CommandText = """
            SELECT r.json FROM results r LEFT JOIN cases c ON c.id = r.case_id
            ORDER BY r.pipeline, c.ordinal
            """;
        return ReadAll(command, reader => JsonSerializer.Deserialize<CaseResult>(reader.GetString(0), HarnessJson.Options)!);
    });

    public IReadOnlySet<(string Pipeline, string CaseId)> CompletedKeys() => Guard(() =>
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT pipeline, case_id FROM results";
        return (IReadOnlySet<(string, string)>)ReadAll(command, reader => (reader.GetString(0), reader.GetString(1))).ToHashSet();
    });

    public void Dispose() => _connection.Dispose();

    private static bool HasHeader(string path)
    {
        if (!File.Exists(path) || new FileInfo(path).Length == 0)
        {
            return true; // a new run: SQLite creates the database
        }
        var start = new byte[Header.Length];
        using var stream = File.OpenRead(path);
        return stream.ReadAtLeast(start, start.Length, throwOnEndOfStream: false) == start.Length && start.AsSpan().SequenceEqual(Header);
    }

    private static bool IsDamage(SqliteException e) => e.SqliteErrorCode is SqliteCorrupt or SqliteNotADatabase;

    private static InvalidDataException Damaged(string path, string reason, Exception? inner = null)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        return new InvalidDataException(
            $"the run store {path} is damaged ({reason.TrimEnd('.')}) - start a new run with 'harness run <suite> --fresh', or move {directory} away; nothing in it was changed",
            inner);
    }

    /// <summary>Runs a query, naming the file and the fix when SQLite finds the database damaged mid-way.</summary>
    private T Guard<T>(Func<T> query)
    {
        try
        {
            return query();
        }
        catch (SqliteException e) when (IsDamage(e))
        {
            throw Damaged(_path, e.Message, e);
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static List<T> ReadAll<T>(SqliteCommand command, Func<SqliteDataReader, T> read)
    {
        var items = new List<T>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            items.Add(read(reader));
        }
        return items;
    }
}
