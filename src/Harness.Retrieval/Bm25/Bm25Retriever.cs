using Harness.Core.Data;
using Harness.Core.Pipelines;
using Harness.Retrieval.Retrievers;
using Microsoft.Data.Sqlite;

namespace Harness.Retrieval.Bm25;

/// <summary>
/// BM25 over chunks with SQLite FTS5 (<c>bm25()</c> ranking, Porter stemming over unicode61 tokens).
/// Row i + 1 of the FTS table holds chunk i, so results map back to passages without storing them twice.
/// </summary>
public sealed class Bm25Retriever : IRetriever
{
    public const string FileName = "bm25.sqlite";

    private readonly SqliteConnection _connection;
    private readonly IReadOnlyList<Passage> _chunks;
    private readonly Lock _lock = new();
    // Kept for the retriever's lifetime so SQLite prepares each statement once, not once per query.
    private readonly SqliteCommand _corpusQuery;
    private readonly SqliteCommand _documentQuery;

    private Bm25Retriever(SqliteConnection connection, IReadOnlyList<Passage> chunks)
    {
        _connection = connection;
        _chunks = chunks;
        // rank is bm25() with default weights, more negative = better; rowid breaks ties deterministically.
        _corpusQuery = Query("SELECT rowid, rank FROM chunks WHERE chunks MATCH $match ORDER BY rank, rowid LIMIT $k");
        _documentQuery = Query("SELECT rowid, rank FROM chunks WHERE chunks MATCH $match AND document = $document ORDER BY rank, rowid LIMIT $k");
    }

    public string Name => "bm25";

    /// <summary>Writes the FTS5 index of <paramref name="chunks"/> into <paramref name="directory"/>.</summary>
    public static void Build(string directory, IReadOnlyList<Passage> chunks)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        using var connection = Connect(Path.Combine(directory, FileName), SqliteOpenMode.ReadWriteCreate);
        using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE VIRTUAL TABLE chunks USING fts5(text, document UNINDEXED, tokenize = 'porter unicode61')";
            create.ExecuteNonQuery();
        }
        using (var transaction = connection.BeginTransaction())
        using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO chunks(rowid, text, document) VALUES ($row, $text, $document)";
            var row = insert.Parameters.Add("$row", SqliteType.Integer);
            var text = insert.Parameters.Add("$text", SqliteType.Text);
            var document = insert.Parameters.Add("$document", SqliteType.Text);
            for (var i = 0; i < chunks.Count; i++)
            {
                row.Value = i + 1;
                text.Value = chunks[i].Text;
                document.Value = chunks[i].DocumentId;
                insert.ExecuteNonQuery();
            }
            transaction.Commit();
        }
        using var optimize = connection.CreateCommand();
        optimize.CommandText = "INSERT INTO chunks(chunks) VALUES ('optimize')";
        optimize.ExecuteNonQuery();
    }

    /// <summary>Opens an index built by <see cref="Build"/> over the same chunks; throws if it does not match them.</summary>
    public static Bm25Retriever Open(string directory, IReadOnlyList<Passage> chunks)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        var connection = Connect(Path.Combine(directory, FileName), SqliteOpenMode.ReadOnly);
        try
        {
            using var count = connection.CreateCommand();
            count.CommandText = "SELECT count(*) FROM chunks";
            var rows = Convert.ToInt64(count.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            if (rows != chunks.Count)
            {
                throw new InvalidDataException($"the BM25 index holds {rows} chunks, expected {chunks.Count}");
            }
            return new Bm25Retriever(connection, chunks);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public ValueTask<IReadOnlyList<RetrievedPassage>> RetrieveAsync(string query, int topK, string? documentId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(topK, 1);
        var match = Fts5Query.For(query);
        if (match is null)
        {
            return ValueTask.FromResult<IReadOnlyList<RetrievedPassage>>([]);
        }
        var results = new List<RetrievedPassage>(topK);
        lock (_lock)
        {
            var command = documentId is null ? _corpusQuery : _documentQuery;
            command.Parameters["$match"].Value = match;
            command.Parameters["$k"].Value = topK;
            command.Parameters["$document"].Value = (object?)documentId ?? DBNull.Value;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var chunk = _chunks[(int)(reader.GetInt64(0) - 1)];
                results.Add(new RetrievedPassage(chunk, -reader.GetDouble(1), results.Count + 1));
            }
        }
        return ValueTask.FromResult<IReadOnlyList<RetrievedPassage>>(results);
    }

    public void Dispose()
    {
        _corpusQuery.Dispose();
        _documentQuery.Dispose();
        _connection.Dispose();
    }

    private SqliteCommand Query(string sql)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.Add("$match", SqliteType.Text);
        command.Parameters.Add("$k", SqliteType.Integer);
        command.Parameters.Add("$document", SqliteType.Text);
        return command;
    }

    private static SqliteConnection Connect(string path, SqliteOpenMode mode)
    {
        // No pooling: a rebuilt cache folder must not be held open by a pooled connection.
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }
}
