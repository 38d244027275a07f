using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Harness.Core;

/// <summary>The one JSON dialect of the harness: camelCase, enums as strings, no NaN, stable across cultures.</summary>
public static class HarnessJson
{
    public static JsonSerializerOptions Options { get; } = Create(indented: false);

    public static JsonSerializerOptions Indented { get; } = Create(indented: true);

    /// <summary>
    /// The dialect for JSON put inside an HTML page: every HTML-significant character and all non-ASCII text
    /// escaped, and nulls written, because the page's script tells a null from an absent field.
    /// </summary>
    public static JsonSerializerOptions HtmlSafe { get; } = Create(indented: false, html: true);

    private static JsonSerializerOptions Create(bool indented, bool html = false)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = indented,
            DefaultIgnoreCondition = html ? JsonIgnoreCondition.Never : JsonIgnoreCondition.WhenWritingNull,
            // Files are read by people and tools, so they keep their text as it is; only HTML needs escaping.
            Encoder = html ? JavaScriptEncoder.Default : JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
