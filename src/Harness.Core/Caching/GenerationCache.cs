using Microsoft.Data.Sqlite;

namespace Harness.Core.Caching;

/// <summary>
/// A persistent SQLite cache of generations keyed by <see cref="GenerationKey.Hash"/>, shared by runs
/// (<c>.cache/generations.db</c>). Safe for concurrent writers: SQLite serialises them (WAL, busy timeout).
/// </summary>
public sealed class GenerationCache : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();

    public GenerationCache(string path, CacheMode mode)
    {
        Mode = mode;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _connection = new SqliteConnection($"Data Source={path};Default Timeout=30");
        _connection.Open();
        using var command = _connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS generations (
                key TEXT PRIMARY KEY, text TEXT NOT NULL, prompt_tokens INTEGER NOT NULL,
                generated_tokens INTEGER NOT NULL, created_utc TEXT NOT NULL);
            """;
        command.ExecuteNonQuery();
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
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT text, prompt_tokens, generated_tokens FROM generations WHERE key = $key";
            command.Parameters.AddWithValue("$key", key);
            using var reader = command.ExecuteReader();
            return reader.Read() ? new CachedGeneration(reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2)) : null;
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
            using var command = _connection.CreateCommand();
            command.CommandText = """
                INSERT INTO generations (key, text, prompt_tokens, generated_tokens, created_utc)
                VALUES ($key, $text, $prompt, $generated, $created)
                ON CONFLICT(key) DO UPDATE SET text = excluded.text, prompt_tokens = excluded.prompt_tokens,
                    generated_tokens = excluded.generated_tokens, created_utc = excluded.created_utc
                """;
            command.Parameters.AddWithValue("$key", key);
            command.Parameters.AddWithValue("$text", generation.Text);
            command.Parameters.AddWithValue("$prompt", generation.PromptTokens);
            command.Parameters.AddWithValue("$generated", generation.GeneratedTokens);
            command.Parameters.AddWithValue("$created", DateTime.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            command.ExecuteNonQuery();
        }
    }

    public void Dispose() => _connection.Dispose();
}
