using System.Xml;
using System.Xml.Linq;

namespace Harness.Reporting.Html;

/// <summary>
/// A chart's SVG made fit to sit in the report's markup: parsed as XML (no DTD, nothing resolved),
/// refused if it could run or load anything (script, foreignObject, event handlers, links), and
/// written back without its XML declaration — so pipeline and metric names drawn in a chart stay
/// text, however they are spelt. Its ids (clip paths) get the chart's prefix: several SVGs share one
/// page, and a reference to another chart's clip path would cut this one wrongly.
/// </summary>
internal static class InlineSvg
{
    private static readonly HashSet<string> _forbiddenElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "foreignObject", "iframe", "image", "use", "a", "animate", "set", "style",
    };

    public static string Prepare(string svg, string idPrefix)
    {
        ArgumentNullException.ThrowIfNull(svg);
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
        using var reader = XmlReader.Create(new StringReader(svg), settings);
        var root = XDocument.Load(reader).Root ?? throw new InvalidDataException("the chart's SVG is empty");
        foreach (var element in root.DescendantsAndSelf())
        {
            if (_forbiddenElements.Contains(element.Name.LocalName))
            {
                throw new InvalidDataException($"the chart's SVG has a <{element.Name.LocalName}> element, which a report does not embed");
            }
            if (element.Attributes().FirstOrDefault(a => a.Name.LocalName.StartsWith("on", StringComparison.OrdinalIgnoreCase) || a.Name.LocalName == "href") is { } forbidden)
            {
                throw new InvalidDataException($"the chart's SVG has a '{forbidden.Name.LocalName}' attribute, which a report does not embed");
            }
            foreach (var attribute in element.Attributes())
            {
                if (attribute.Name.LocalName == "id")
                {
                    attribute.Value = $"{idPrefix}-{attribute.Value}";
                }
                else if (attribute.Value.Contains("url(#", StringComparison.Ordinal))
                {
                    attribute.Value = attribute.Value.Replace("url(#", $"url(#{idPrefix}-", StringComparison.Ordinal);
                }
            }
        }
        // A viewBox lets the page scale a wide chart down to the window instead of cropping it.
        if (root.Attribute("viewBox") is null && root.Attribute("width") is { } width && root.Attribute("height") is { } height)
        {
            root.SetAttributeValue("viewBox", $"0 0 {width.Value} {height.Value}");
        }
        return root.ToString(SaveOptions.DisableFormatting);
    }
}
