using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Harness.Core;

namespace Harness.Reporting.Html;

/// <summary>
/// Fills the page template (an embedded resource) with the report data and the charts' SVG.
/// Untrusted text only ever enters the page inside JSON in a
/// <c>&lt;script type="application/json"&gt;</c> element, with &lt; &gt; &amp; and U+2028/2029 escaped,
/// and the page's script puts it into the document through textContent; chart SVG is checked and
/// re-serialised by <see cref="InlineSvg"/>, and chart names and titles are HTML-encoded.
/// </summary>
internal static partial class HtmlReportWriter
{
    private const string TemplateResource = "Harness.Reporting.report-template.html";

    private static readonly Lazy<string> _template = new(LoadTemplate);

    /// <param name="data">What the page shows.</param>
    /// <param name="svgs">Each chart's SVG by chart name, for the charts of <see cref="ReportData.Charts"/> and of its decision.</param>
    public static string Render(ReportData data, IReadOnlyDictionary<string, string> svgs)
    {
        var json = JsonSerializer.Serialize(data, HarnessJson.HtmlSafe);
        // Placeholders are replaced in the template only: inserted text is never scanned again.
        return Placeholder().Replace(_template.Value, match => match.Groups[1].Value switch
        {
            "DATA" => json,
            "CHARTS" => Figures(data.Charts, svgs),
            "DECISIONCHARTS" => Figures(data.Decision?.Charts ?? [], svgs),
            var name => throw new InvalidOperationException($"report template has an unknown placeholder {name}"),
        });
    }

    private static string Figures(IReadOnlyList<ReportChart> charts, IReadOnlyDictionary<string, string> svgs)
    {
        var figures = new StringBuilder();
        foreach (var chart in charts)
        {
            figures.Append("<figure class=\"chart\" data-chart=\"").Append(WebUtility.HtmlEncode(chart.Name))
                .Append("\" role=\"img\" aria-label=\"").Append(WebUtility.HtmlEncode(chart.Title))
                .Append("\" title=\"").Append(WebUtility.HtmlEncode(chart.Description)).Append("\">")
                .Append(InlineSvg.Prepare(svgs[chart.Name], $"chart-{chart.Name}"))
                .Append("</figure>\n");
        }
        return figures.ToString();
    }

    private static string LoadTemplate()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(TemplateResource)
            ?? throw new InvalidOperationException($"embedded resource {TemplateResource} is missing from {Assembly.GetExecutingAssembly().GetName().Name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"/\*HARNESS:([A-Z]+)\*/")]
    private static partial Regex Placeholder();
}
