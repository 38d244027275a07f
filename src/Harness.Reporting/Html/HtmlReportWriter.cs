using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Harness.Reporting.Html;

/// <summary>
/// Fills the page template (an embedded resource) with the report data and the inlined chart
/// libraries. Untrusted text only ever enters the page inside JSON in a
/// <c>&lt;script type="application/json"&gt;</c> element, with &lt; &gt; &amp; and U+2028/2029 escaped,
/// and the page's script puts it into the document through textContent.
/// </summary>
internal static partial class HtmlReportWriter
{
    private const string TemplateResource = "Harness.Reporting.report-template.html";

    private static readonly Lazy<string> _template = new(LoadTemplate);

    /// <summary>The default encoder escapes every HTML-significant character and all non-ASCII text.</summary>
    internal static JsonSerializerOptions DataJsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.Default,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static string Render(ReportData data, IReadOnlyList<string> libraries)
    {
        var json = JsonSerializer.Serialize(data, DataJsonOptions);
        var script = string.Join("\n;\n", libraries.Select(EscapeScript));
        // Placeholders are replaced in the template only: inserted text is never scanned again.
        return Placeholder().Replace(_template.Value, match => match.Groups[1].Value switch
        {
            "DATA" => json,
            "LIBRARIES" => script,
            var name => throw new InvalidOperationException($"report template has an unknown placeholder {name}"),
        });
    }

    /// <summary>
    /// Library code inlined in a script element must not contain "&lt;/script" or "&lt;!--"; in
    /// JavaScript "&lt;\/" means the same as "&lt;/" wherever such text can legally appear (strings, regexes).
    /// </summary>
    internal static string EscapeScript(string code) =>
        ScriptEnd().Replace(code, match => match.Value[0] == '<' && match.Value[1] == '!' ? "<\\!--" : "<\\/" + match.Value[2..]);

    private static string LoadTemplate()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(TemplateResource)
            ?? throw new InvalidOperationException($"embedded resource {TemplateResource} is missing from {Assembly.GetExecutingAssembly().GetName().Name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"/\*HARNESS:([A-Z]+)\*/")]
    private static partial Regex Placeholder();

    [GeneratedRegex("</script|<!--", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptEnd();
}
