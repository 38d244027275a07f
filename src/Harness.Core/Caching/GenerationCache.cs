using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Harness.Core.Caching;

/// <summary>
/// A persistent SQLite cache of generations keyed by <see cref="GenerationKey.Hash"/>, shared by runs
/// (<c>.cache/generations.db</c>). Safe for concurrent writers: SQLite serialises them (WAL, busy timeout).
/// A cache is disposable, so a damaged one never fails a run: a file SQLite cannot read, or whose integrity
/// check fails, is moved aside (<c>generations.db.damaged-&lt;time&gt;</c>, one warning naming it) and a new one
/// started; the answers it held are generated again. Each entry keeps the model-stage timings measured when it was
/// generated and the run that generated it (<see cref="RecordedTimings"/>); entries stored before the cache kept
/// them (a file from an older harness gains the columns when opened) replay with no timings.
/// </summary>
public sealed class GenerationCache : IDisposable
{
    private readonly string _path;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private SqliteConnection _connection;

    public GenerationCache(string path, CacheMode mode, ILogger? logger = null)
    {
        Mode = mode;
        _path = Path.GetFullPath(path);
        _logger = logger ?? NullLogger.Instance;
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        _connection = OpenChecked();
    }

    public CacheMode Mode { get; }

    /// <summary>.cache/generations.db, or HARNESS_GENERATION_CACHE (a run that must not share answers, such as a test).</summary>
    public static string DefaultPath =>
        Environment.GetEnvironmentVariable("HARNESS_GENERATION_CACHE") is { Length: > 0 } path ? path : Path.Combine(RepositoryPaths.Cache, "generations.db");

    /// <summary>The stored generation, when the mode reads the cache and one exists.</summary>
    public CachedGeneration? TryGet(string key)
    {
        if (Mode != CacheMode.Replay)
        {
            return null;
        }
        lock (_gate)
        {
            CachedGeneration? found = null;
            Healing(() => found = Read(key));
            return found;
        }
    }

    private CachedGeneration? Read(string key)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = """
            SELECT text, prompt_tokens, generated_tokens, timings_recorded, prompt_evaluation_ms, ttft_ms, generation_ms, run_id, created_utc
            FROM generations WHERE key = $key
            """;
        command.Parameters.AddWithValue("$key", key);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }
        return new CachedGeneration(reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2))
        {
            Recorded = reader.GetInt32(3) == 0
                ? null
                : new RecordedTimings(
                    Milliseconds(reader, 4), Milliseconds(reader, 5), Milliseconds(reader, 6),
                    reader.IsDBNull(7) ? null : reader.GetString(7),
                    DateTimeOffset.Parse(reader.GetString(8), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)),
        };
    }

    private static TimeSpan? Milliseconds(SqliteDataReader reader, int column) =>
        reader.IsDBNull(column) ? null : TimeSpan.FromMilliseconds(reader.GetDouble(column));

    /// <summary>
    /// How many answers runs whose id starts with <paramref name="runIdPrefix"/> generated with recorded timings, and their mean
    /// model time (prompt evaluation + generation) in milliseconds: a plan's time estimate (a null mean when there are none).
    /// </summary>
    public (int Answers, double? MeanMilliseconds) RecordedModelTime(string runIdPrefix)
    {
        lock (_gate)
        {
            (int, double?) found = (0, null);
            Healing(() =>
            {
                using var command = _connection.CreateCommand();
                command.CommandText = """
                    SELECT COUNT(*), AVG(COALESCE(prompt_evaluation_ms, 0) + COALESCE(generation_ms, 0))
                    FROM generations WHERE timings_recorded = 1 AND substr(run_id, 1, length($prefix)) = $prefix
                    """;
                command.Parameters.AddWithValue("$prefix", runIdPrefix);
                using var reader = command.ExecuteReader();
                reader.Read();
                found = (reader.GetInt32(0), reader.IsDBNull(1) ? null : reader.GetDouble(1));
            });
            return found;
        }
    }

    public void Put(string key, CachedGeneration generation)
    {
        if (Mode == CacheMode.Off)
        {
            return;
        }
        lock (_gate)
        {
            Healing(() => Write(key, generation));
        }
    }

    private void Write(string key, CachedGeneration generation)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = """
            INSERT INTO generations (key, text, prompt_tokens, generated_tokens, created_utc,
                timings_recorded, prompt_evaluation_ms, ttft_ms, generation_ms, run_id)
            VALUES ($key, $text, $prompt, $generated, $created, $recorded, $promptMs, $ttftMs, $generationMs, $run)
            ON CONFLICT(key) DO UPDATE SET text = excluded.text, prompt_tokens = excluded.prompt_tokens,
                generated_tokens = excluded.generated_tokens, created_utc = excluded.created_utc,
                timings_recorded = excluded.timings_recorded, prompt_evaluation_ms = excluded.prompt_evaluation_ms,
                ttft_ms = excluded.ttft_ms, generation_ms = excluded.generation_ms, run_id = excluded.run_id
            """;
        var recorded = generation.Recorded;
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$text", generation.Text);
        command.Parameters.AddWithValue("$prompt", generation.PromptTokens);
        command.Parameters.AddWithValue("$generated", generation.GeneratedTokens);
        command.Parameters.AddWithValue("$created", (recorded?.RecordedAt ?? DateTimeOffset.UtcNow).ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$recorded", recorded is null ? 0 : 1);
        command.Parameters.AddWithValue("$promptMs", (object?)recorded?.PromptEvaluation?.TotalMilliseconds ?? DBNull.Value);
        command.Parameters.AddWithValue("$ttftMs", (object?)recorded?.TimeToFirstToken?.TotalMilliseconds ?? DBNull.Value);
        command.Parameters.AddWithValue("$generationMs", (object?)recorded?.Generation?.TotalMilliseconds ?? DBNull.Value);
        command.Parameters.AddWithValue("$run", (object?)recorded?.RunId ?? DBNull.Value);
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// Opens the file, checks its structure (PRAGMA quick_check reads every page, so damage anywhere shows) and
    /// creates the table; a damaged file is moved aside and a new one opened in its place.
    /// </summary>
    private SqliteConnection OpenChecked()
    {
        try
        {
            return Open();
        }
        catch (SqliteException e) when (IsDamage(e))
        {
            return MoveAsideAndReopen(e.Message);
        }
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection($"Data Source={_path};Default Timeout=30;Pooling=False");
        try
        {
            connection.Open();
            using var create = connection.CreateCommand();
            create.CommandText = """
                PRAGMA journal_mode = WAL;
                CREATE TABLE IF NOT EXISTS generations (
                    key TEXT PRIMARY KEY, text TEXT NOT NULL, prompt_tokens INTEGER NOT NULL,
                    generated_tokens INTEGER NOT NULL, created_utc TEXT NOT NULL);
                """;
            create.ExecuteNonQuery();
            AddTimingColumns(connection);
            using var check = connection.CreateCommand();
            check.CommandText = "PRAGMA quick_check";
            var verdict = check.ExecuteScalar() as string;
            return verdict == "ok"
                ? connection
                : throw new SqliteException($"integrity check: {verdict}", 11);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    // The columns a cache from before timings were kept lacks; its entries read as "no timings recorded".
    private static readonly (string Name, string Type)[] _timingColumns =
    [
        ("timings_recorded", "INTEGER NOT NULL DEFAULT 0"), ("prompt_evaluation_ms", "REAL"), ("ttft_ms", "REAL"),
        ("generation_ms", "REAL"), ("run_id", "TEXT"),
    ];

    /// <summary>Adds the timing columns a cache written by an older harness lacks (one writer at a time, so two runs opening it never add one twice).</summary>
    private static void AddTimingColumns(SqliteConnection connection)
    {
        using var transaction = connection.BeginTransaction(deferred: false);
        using var columns = connection.CreateCommand();
        columns.Transaction = transaction;
        columns.CommandText = "SELECT name FROM pragma_table_info('generations')";
        var present = new HashSet<string>(StringComparer.Ordinal);
        using (var reader = columns.ExecuteReader())
        {
            while (reader.Read())
            {
                present.Add(reader.GetString(0));
            }
        }
        foreach (var (name, type) in _timingColumns.Where(c => !present.Contains(c.Name)))
        {
            using var add = connection.CreateCommand();
            add.Transaction = transaction;
            add.CommandText = $"ALTER TABLE generations ADD COLUMN {name} {type}";
            add.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    /// <summary>Runs a read or write; damage found on the way (a page the open did not reach) moves the file aside and runs it once more.</summary>
    private void Healing(Action action)
    {
        try
        {
            action();
        }
        catch (SqliteException e) when (IsDamage(e))
        {
            _connection.Dispose();
            _connection = MoveAsideAndReopen(e.Message);
            action();
        }
    }

    private SqliteConnection MoveAsideAndReopen(string reason)
    {
        // The store with its write-ahead log and shared memory, so the three stay together.
        var aside = DamagedFiles.MoveAside(_path, "-wal", "-shm");
        _logger.LogWarning(
            "The generation cache {Path} is damaged ({Reason}); moved it to {Aside} and started a new one - its answers are generated again",
            _path, reason, aside);
        return Open();
    }

    /// <summary>SQLITE_CORRUPT (11) and SQLITE_NOTADB (26): the file, not the query, is at fault.</summary>
    private static bool IsDamage(SqliteException e) => e.SqliteErrorCode is 11 or 26;

    public void Dispose() => _connection.Dispose();
}
