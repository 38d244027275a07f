using System.Text.Json;
using Harness.Core.Data;

namespace Harness.Core.Datasets;

/// <summary>A row of a dataset file cannot be imported; the importer turns it into an error case.</summary>
internal sealed class RowException(string reason) : Exception(reason);

/// <summary>Field access on JSON rows that fails with a <see cref="RowException"/> naming the field.</summary>
internal static class Rows
{
    public static JsonElement Required(JsonElement row, string name)
    {
        if (row.ValueKind != JsonValueKind.Object)
        {
            throw new RowException($"expected a JSON object, found {Kind(row)}");
        }
        if (!row.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            throw new RowException($"missing field '{name}'");
        }
        return value;
    }

    public static JsonElement? Optional(JsonElement row, string name) =>
        row.ValueKind == JsonValueKind.Object && row.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : null;

    public static string String(JsonElement row, string name) => Text(Required(row, name), name);

    /// <summary>A string, or a number written as text (ids are numbers in some datasets).</summary>
    public static string Text(JsonElement value, string name) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => throw new RowException($"field '{name}' must be text, found {Kind(value)}"),
    };

    public static int Int(JsonElement row, string name)
    {
        var value = Required(row, name);
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)
            ? number
            : throw new RowException($"field '{name}' must be a whole number, found {Kind(value)}");
    }

    public static JsonElement Array(JsonElement row, string name)
    {
        var value = Required(row, name);
        return value.ValueKind == JsonValueKind.Array ? value : throw new RowException($"field '{name}' must be a list, found {Kind(value)}");
    }

    /// <summary>The items of an optional list field (none when absent).</summary>
    public static IEnumerable<JsonElement> Items(JsonElement row, string name) => Optional(row, name) switch
    {
        null => [],
        { ValueKind: JsonValueKind.Array } list => list.EnumerateArray(),
        { } other => throw new RowException($"field '{name}' must be a list, found {Kind(other)}"),
    };

    public static JsonElement Object(JsonElement row, string name)
    {
        var value = Required(row, name);
        return value.ValueKind == JsonValueKind.Object ? value : throw new RowException($"field '{name}' must be an object, found {Kind(value)}");
    }

    public static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "text",
        JsonValueKind.Number => "a number",
        JsonValueKind.Null => "null",
        JsonValueKind.Undefined => "nothing",
        _ => "true/false",
    };

    /// <summary>The case that stands for a row that could not be imported: it errors in the run, visibly.</summary>
    public static EvalCase Error(string id, string split, string source, string reason) => new()
    {
        Id = id,
        Question = "",
        Split = split,
        Source = source,
        ImportError = $"{source}: {reason}",
    };
}
