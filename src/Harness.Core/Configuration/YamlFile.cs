using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Harness.Core.Configuration;

/// <summary>
/// A parsed YAML configuration file and the problems found in it. Parsing recovers from syntax errors
/// (bad indentation, tabs, unclosed brackets): each is reported with its position, its line is blanked
/// and the file is parsed again, so one mistake never hides the others.
/// </summary>
public sealed partial class YamlFile
{
    // Enough for any real file with several mistakes; a file this broken is not worth reading on.
    private const int MaxSyntaxErrors = 20;

    private readonly List<ConfigProblem> _problems = [];

    private YamlFile(string path) => Path = path;

    /// <summary>The path as the user gave it, used in every message.</summary>
    public string Path { get; }

    /// <summary>The document's top-level mapping, or null when nothing could be parsed.</summary>
    public YamlMap? Root { get; private set; }

    public IReadOnlyList<ConfigProblem> Problems => _problems;

    public static YamlFile Load(string path) => Parse(path, File.ReadAllText(path));

    public static YamlFile Parse(string path, string text)
    {
        var file = new YamlFile(path);
        var lines = text.Split('\n');
        var blanked = new HashSet<long>();
        // YamlDotNet reports a tab in indentation at the wrong place, so tabs are found here.
        for (var i = 0; i < lines.Length; i++)
        {
            var indent = lines[i].Length - lines[i].TrimStart(' ', '\t').Length;
            if (lines[i].IndexOf('\t', 0, indent) is var tab and >= 0)
            {
                file.Report(new Mark(0, i + 1, tab + 1), "invalid YAML: a tab in the indentation - YAML indents with spaces only");
                lines[i] = "";
                blanked.Add(i);
            }
        }
        for (var attempt = 0; attempt <= MaxSyntaxErrors; attempt++)
        {
            try
            {
                var stream = new YamlStream();
                stream.Load(new StringReader(string.Join('\n', lines)));
                var node = stream.Documents.Count > 0 ? stream.Documents[0].RootNode : null;
                if (node is YamlMappingNode mapping)
                {
                    file.Root = new YamlMap(mapping, file);
                }
                else
                {
                    file.Report(node?.Start ?? Mark.Empty, "the file must be a YAML mapping of 'key: value' lines");
                }
                return file;
            }
            catch (YamlException e)
            {
                file.Report(e.Start, SyntaxMessage(e, IndentationHint(lines, e.Start.Line - 1)));
                // Blanking keeps every later line at its number, so later positions stay true.
                var index = e.Start.Line - 1;
                if (index < 0 || index >= lines.Length || !blanked.Add(index))
                {
                    return file;
                }
                lines[index] = "";
            }
        }
        return file;
    }

    internal void Report(Mark mark, string message) =>
        _problems.Add(new ConfigProblem(Path, Math.Max(1, mark.Line), Math.Max(1, mark.Column), message));

    internal void Report(YamlNode node, string message) => Report(node.Start, message);

    private static string SyntaxMessage(YamlException e, string indentation)
    {
        var inner = e.InnerException is YamlException nested ? nested : e;
        var text = PositionPrefix().Replace(inner.Message, "");
        if (text.StartsWith("Duplicate key ", StringComparison.Ordinal))
        {
            return $"invalid YAML: the key '{text["Duplicate key ".Length..]}' appears twice in one mapping - keep one";
        }
        return $"invalid YAML: {text.TrimEnd('.')}{indentation} - check the indentation (keys of one mapping line up; "
            + "nested keys are indented further, with spaces, not tabs) and that brackets and quotes are closed";
    }

    /// <summary>Names the indentation of the failing line and of the line above it, where they differ.</summary>
    private static string IndentationHint(string[] lines, long index)
    {
        if (index <= 0 || index >= lines.Length)
        {
            return "";
        }
        var above = index - 1;
        while (above >= 0 && (string.IsNullOrWhiteSpace(lines[above]) || lines[above].TrimStart().StartsWith('#')))
        {
            above--;
        }
        if (above < 0)
        {
            return "";
        }
        var here = Indentation(lines[index]);
        var before = Indentation(lines[above]);
        return here == before ? "" : $" (this line is indented {here} spaces, line {above + 1} {before})";
    }

    private static int Indentation(string line) => line.Length - line.TrimStart(' ').Length;

    // YamlDotNet prefixes messages with "(Line: 3, Col: 5, Idx: 40) - (Line: …): "; the position is reported separately.
    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex PositionPrefix();
}
