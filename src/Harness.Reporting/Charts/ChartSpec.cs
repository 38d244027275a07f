using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Harness.Reporting.Charts;

/// <summary>
/// One chart as a Vega-Lite v6 spec with its data inlined. <see cref="Name"/> names its files
/// (charts/&lt;name&gt;.svg and .png) and its place in the HTML report.
/// </summary>
public sealed record ChartSpec(string Name, string Title, JsonObject Spec)
{
    public const string Schema = "https://vega.github.io/schema/vega-lite/v6.json";

    /// <summary>
    /// Indented JSON with the default encoder, which escapes &lt; &gt; &amp; and U+2028/2029, so
    /// the same text is safe inside an HTML script element and stable across cultures.
    /// </summary>
    public string ToJson() => Spec.ToJsonString(JsonOptions);

    internal static JsonSerializerOptions JsonOptions { get; } = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.Default,
        IndentSize = 2,
    };
}
