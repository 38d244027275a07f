using System.Globalization;
using System.Text.Json;

namespace Harness.Core.Datasets;

/// <summary>
/// A dataset's JSON file read once, with the file:line:column of every row, so an importer can report
/// exactly which row it could not import. Rows are found by a path of property names and "*" (every
/// item of a list, or every value of an object) and parsed one at a time with <see cref="Utf8JsonReader"/>.
/// </summary>
internal sealed class JsonSource
{
    private static readonly JsonReaderOptions _options = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    private readonly ReadOnlyMemory<byte> _bytes;
    private int[]? _lineStarts;

    private JsonSource(string displayName, ReadOnlyMemory<byte> bytes)
    {
        DisplayName = displayName;
        _bytes = bytes;
    }

    public string DisplayName { get; }

    public static JsonSource Load(string path, string displayName)
    {
        var bytes = File.ReadAllBytes(path);
        // A UTF-8 byte order mark is legal in files but not in Utf8JsonReader's input.
        var start = bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        var source = new JsonSource(displayName, bytes.AsMemory(start));
        // One file holds many rows here, so text that is not UTF-8 stops the whole file, at its position.
        if (Utf8Text.FirstInvalidByte(source._bytes.Span) is { } bad)
        {
            throw new DatasetException(
                $"{source.Location(bad)}: invalid UTF-8 (byte 0x{source._bytes.Span[bad]:X2}) - the file is corrupt or not UTF-8; fetch it again (delete it from .cache and rebuild) or re-save it as UTF-8");
        }
        return source;
    }

    /// <summary>Every value at the path, parsed, with the keys or indexes the "*" segments matched.</summary>
    public IReadOnlyList<JsonRow> Rows(params string[] path) => Walk(path, parse: true);

    /// <summary>The location of every value at the path, keyed by the "*" keys joined with '/'.</summary>
    public IReadOnlyDictionary<string, string> Locations(params string[] path)
    {
        var locations = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var row in Walk(path, parse: false))
        {
            // JSON allows a repeated key; like System.Text.Json's lookups, the first one wins.
            locations.TryAdd(string.Join('/', row.Keys), row.Location);
        }
        return locations;
    }

    /// <summary>"file:line:column" of a byte offset.</summary>
    public string Location(long offset)
    {
        _lineStarts ??= LineStarts(_bytes.Span);
        var index = Array.BinarySearch(_lineStarts, (int)offset);
        var line = index >= 0 ? index : ~index - 1;
        return string.Create(CultureInfo.InvariantCulture, $"{DisplayName}:{line + 1}:{offset - _lineStarts[line] + 1}");
    }

    private List<JsonRow> Walk(string[] path, bool parse)
    {
        var rows = new List<JsonRow>();
        var reader = new Utf8JsonReader(_bytes.Span, _options);
        try
        {
            if (!reader.Read())
            {
                throw new DatasetException($"{DisplayName} is empty - the file is truncated; fetch it again (delete it from .cache and rebuild)");
            }
            Walk(ref reader, path, 0, [], parse, rows);
        }
        catch (JsonException e)
        {
            throw new DatasetException(
                $"{DisplayName}:{e.LineNumber + 1}:{e.BytePositionInLine + 1}: invalid JSON ({e.Message}) - the file is corrupt; fetch it again (delete it from .cache and rebuild)", e);
        }
        return rows;
    }

    private void Walk(ref Utf8JsonReader reader, string[] path, int depth, List<string> keys, bool parse, List<JsonRow> rows)
    {
        if (depth == path.Length)
        {
            var location = Location(reader.TokenStartIndex);
            if (parse)
            {
                rows.Add(new JsonRow([.. keys], JsonElement.ParseValue(ref reader), location));
            }
            else
            {
                reader.Skip();
                rows.Add(new JsonRow([.. keys], default, location));
            }
            return;
        }
        var segment = path[depth];
        if (reader.TokenType == JsonTokenType.StartArray && segment == "*")
        {
            for (var index = 0; reader.Read() && reader.TokenType != JsonTokenType.EndArray; index++)
            {
                keys.Add(index.ToString(CultureInfo.InvariantCulture));
                Walk(ref reader, path, depth + 1, keys, parse, rows);
                keys.RemoveAt(keys.Count - 1);
            }
        }
        else if (reader.TokenType == JsonTokenType.StartObject)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                reader.Read();
                if (segment == "*")
                {
                    keys.Add(name);
                    Walk(ref reader, path, depth + 1, keys, parse, rows);
                    keys.RemoveAt(keys.Count - 1);
                }
                else if (name == segment)
                {
                    Walk(ref reader, path, depth + 1, keys, parse, rows);
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        else if (depth == 0)
        {
            throw new DatasetException($"{Location(reader.TokenStartIndex)}: expected a JSON {(segment == "*" ? "list or object" : "object")} - is this the right file for the card?");
        }
        else
        {
            // A row of the wrong shape: skipped here; the importer reports the row it belongs to.
            reader.Skip();
        }
    }

    private static int[] LineStarts(ReadOnlySpan<byte> bytes)
    {
        var starts = new List<int> { 0 };
        for (var i = bytes.IndexOf((byte)'\n'); i >= 0;)
        {
            starts.Add(i + 1);
            var next = bytes[(i + 1)..].IndexOf((byte)'\n');
            i = next < 0 ? -1 : i + 1 + next;
        }
        return [.. starts];
    }
}

/// <summary>One value found by a <see cref="JsonSource"/> path, with its location.</summary>
internal readonly record struct JsonRow(IReadOnlyList<string> Keys, JsonElement Value, string Location)
{
    public string Key => Keys[^1];
}
