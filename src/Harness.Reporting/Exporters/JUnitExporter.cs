using System.Globalization;
using System.Text;
using System.Xml;
using Harness.Core.Gates;
using Harness.Core.Results;

namespace Harness.Reporting.Exporters;

/// <summary>
/// junit.xml: each gate as a JUnit test case, a failure for <see cref="GateVerdict.Fail"/> and
/// skipped for <see cref="GateVerdict.Inconclusive"/>, so CI systems show gates as tests.
/// </summary>
public sealed class JUnitExporter : RunFileExporter
{
    public const string FileName = "junit.xml";

    public override string Name => FileName;

    protected override Task WriteAsync(RunResult run, Stream stream, CancellationToken cancellationToken) =>
        stream.WriteAsync(Render(run), cancellationToken).AsTask();

    /// <summary>The document as UTF-8 bytes; gates are few, so it is built in memory.</summary>
    public static byte[] Render(RunResult run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var settings = new XmlWriterSettings
        {
            Indent = true,
            Encoding = AtomicFile.Utf8,
            NewLineChars = "\n",
        };
        var elapsed = run.Info.FinishedAt is { } finished ? (finished - run.Info.StartedAt).TotalSeconds : 0;
        using var buffer = new MemoryStream();
        using (var xml = XmlWriter.Create(buffer, settings))
        {
            WriteDocument(xml, run, elapsed);
        }
        return buffer.ToArray();
    }

    private static void WriteDocument(XmlWriter xml, RunResult run, double elapsed)
    {
        var gates = run.Gates;
        var suite = run.Info.Suite;
        xml.WriteStartDocument();
        xml.WriteStartElement("testsuites");
        xml.WriteAttributeString("name", Clean($"harness {suite}"));
        xml.WriteStartElement("testsuite");
        xml.WriteAttributeString("name", Clean(suite));
        xml.WriteAttributeString("tests", Number(gates.Count));
        xml.WriteAttributeString("failures", Number(gates.Count(g => g.Verdict == GateVerdict.Fail)));
        xml.WriteAttributeString("errors", "0");
        xml.WriteAttributeString("skipped", Number(gates.Count(g => g.Verdict == GateVerdict.Inconclusive)));
        xml.WriteAttributeString("timestamp", run.Info.StartedAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
        xml.WriteAttributeString("time", elapsed.ToString("0.###", CultureInfo.InvariantCulture));
        xml.WriteStartElement("properties");
        WriteProperty(xml, "run_id", run.Info.RunId);
        WriteProperty(xml, "dataset", run.Info.Dataset);
        WriteProperty(xml, "seed", Number(run.Info.Seed));
        xml.WriteEndElement();
        foreach (var gate in gates)
        {
            xml.WriteStartElement("testcase");
            xml.WriteAttributeString("classname", Clean(gate.Pipeline is null ? suite : $"{suite}.{gate.Pipeline}"));
            xml.WriteAttributeString("name", Clean(gate.Name));
            xml.WriteAttributeString("time", "0");
            switch (gate.Verdict)
            {
                case GateVerdict.Fail:
                    xml.WriteStartElement("failure");
                    xml.WriteAttributeString("message", Clean(gate.Message));
                    xml.WriteAttributeString("type", "GateFailed");
                    xml.WriteString(Clean(Evidence(gate)));
                    xml.WriteEndElement();
                    break;
                case GateVerdict.Inconclusive:
                    xml.WriteStartElement("skipped");
                    var why = gate.InconclusiveReason is { } reason ? $"inconclusive ({reason}): " : "inconclusive: ";
                    xml.WriteAttributeString("message", Clean(why + gate.Message));
                    xml.WriteEndElement();
                    break;
                default:
                    xml.WriteElementString("system-out", Clean(Evidence(gate)));
                    break;
            }
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndDocument();
    }

    private static void WriteProperty(XmlWriter xml, string name, string value)
    {
        xml.WriteStartElement("property");
        xml.WriteAttributeString("name", name);
        xml.WriteAttributeString("value", Clean(value));
        xml.WriteEndElement();
    }

    private static string Evidence(GateResult gate) =>
        $"{gate.Message}\nvalue {DisplayFormat.Value(gate.Value)}, 95% CI {DisplayFormat.Interval(gate.CiLow, gate.CiHigh)}, " +
        $"threshold {DisplayFormat.Value(gate.Threshold)}, n {gate.N}";

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// XmlWriter encodes markup characters itself, but throws on characters XML cannot hold at all
    /// (NUL, most control characters, lone surrogates), which model text may contain: they become U+FFFD.
    /// </summary>
    internal static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }
        StringBuilder? builder = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var valid = XmlConvert.IsXmlChar(c) ||
                (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], c));
            if (valid && char.IsHighSurrogate(c))
            {
                builder?.Append(c).Append(text[i + 1]);
                i++;
                continue;
            }
            if (!valid && builder is null)
            {
                builder = new StringBuilder(text.Length).Append(text, 0, i);
            }
            builder?.Append(valid ? c : '\uFFFD');
        }
        return builder?.ToString() ?? text;
    }
}
