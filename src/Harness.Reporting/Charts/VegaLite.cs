using System.Text.Json.Nodes;

namespace Harness.Reporting.Charts;

/// <summary>Small builders for the parts of Vega-Lite specs the harness charts share.</summary>
internal static class VegaLite
{
    public static JsonObject Chart(string title, string description, JsonArray values)
    {
        return new JsonObject
        {
            ["$schema"] = ChartSpec.Schema,
            ["title"] = title,
            ["description"] = description,
            ["data"] = new JsonObject { ["values"] = values },
            ["config"] = new JsonObject
            {
                // One font stack everywhere (browser and resvg), so SVG, PNG and HTML look alike.
                ["font"] = "DejaVu Sans, Verdana, sans-serif",
                ["view"] = new JsonObject { ["stroke"] = null },
            },
        };
    }

    public static JsonObject Field(string field, string type, string? title, JsonArray? sort = null)
    {
        var encoding = new JsonObject { ["field"] = field, ["type"] = type, ["title"] = title };
        if (sort is not null)
        {
            encoding["sort"] = sort;
        }
        return encoding;
    }

    public static JsonArray Strings(IEnumerable<string> values) => [.. values.Select(v => (JsonNode)v)];

    public static JsonObject Tooltip(string field, string type, string title, string? format = null)
    {
        var tooltip = new JsonObject { ["field"] = field, ["type"] = type, ["title"] = title };
        if (format is not null)
        {
            tooltip["format"] = format;
        }
        return tooltip;
    }

    /// <summary>A chart or file name from free text: lower case letters, digits, '-' and '_'.</summary>
    public static string Slug(string text)
    {
        var chars = text.ToLowerInvariant().Select(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' ? c : '-').ToArray();
        var slug = new string(chars).Trim('-');
        return slug.Length == 0 ? "x" : slug;
    }

    /// <summary>d3-format for a metric's .NET format ("0.000" → ".3f"), used in tooltips and labels.</summary>
    public static string D3Format(string dotnetFormat)
    {
        var dot = dotnetFormat.IndexOf('.', StringComparison.Ordinal);
        var decimals = dot < 0 ? 0 : dotnetFormat.Length - dot - 1;
        return $".{decimals}f";
    }
}
