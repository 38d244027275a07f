using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Tokens;
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

    /// <summary>Suites and cards are a few KB; a larger file is a mistake (or an attack), refused before parsing.</summary>
    public const int MaxBytes = 1024 * 1024;

    /// <summary>The deepest nesting read; the deepest real suite needs 5. YamlDotNet builds nodes recursively, so this guards the stack.</summary>
    public const int MaxDepth = 64;

    private readonly List<ConfigProblem> _problems = [];
    private readonly List<ConfigProblem> _warnings = [];

    private YamlFile(string path) => Path = path;

    /// <summary>The path as the user gave it, used in every message.</summary>
    public string Path { get; }

    /// <summary>The document's top-level mapping, or null when nothing could be parsed.</summary>
    public YamlMap? Root { get; private set; }

    public IReadOnlyList<ConfigProblem> Problems => _problems;

    public IReadOnlyList<ConfigProblem> Warnings => _warnings;

    public static YamlFile Load(string path)
    {
        var length = new FileInfo(path).Length;
        if (length > MaxBytes)
        {
            var file = new YamlFile(path);
            file.Report(Mark.Empty, $"the file is {length} bytes; a suite or card is at most {MaxBytes} bytes - split it, or check it is the file you meant");
            return file;
        }
        return Parse(path, File.ReadAllText(path));
    }

    public static YamlFile Parse(string path, string text)
    {
        var file = new YamlFile(path);
        if (text.Length > MaxBytes)
        {
            file.Report(Mark.Empty, $"the text is {text.Length} characters; a suite or card is at most {MaxBytes} - split it");
            return file;
        }
        if (TooDeep(text) is { } deep)
        {
            file.Report(deep, $"invalid YAML: nested deeper than {MaxDepth} levels - a suite or card needs a handful; check for runaway '[' or '{{'");
            return file;
        }
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
                if (!Blank(lines, e.Start.Line - 1, blanked))
                {
                    return file;
                }
            }
            catch (InvalidOperationException)
            {
                // YamlDotNet 16 throws this, without a position, on a '{' or '[' left open across lines.
                var (open, last) = ScanUntilFailure(string.Join('\n', lines));
                file.Report(open ?? last, open is null
                    ? "invalid YAML on this line - check for an unclosed '{', '[' or quote"
                    : "invalid YAML: this '{' or '[' is never closed - close it on the same line, or write the entries as indented lines");
                if (!Blank(lines, (open ?? last).Line - 1, blanked))
                {
                    return file;
                }
            }
        }
        return file;
    }

    /// <summary>
    /// Where the nesting first passes <see cref="MaxDepth"/>, found with the scanner (which keeps no
    /// recursion) before the parser that would recurse once a level; null when the file is shallower.
    /// Syntax errors are left to the parse that follows.
    /// </summary>
    private static Mark? TooDeep(string text)
    {
        var depth = 0;
        var scanner = new Scanner(new StringReader(text));
        try
        {
            while (scanner.MoveNext())
            {
                switch (scanner.Current)
                {
                    case Error:
                        // The scanner hands out Error tokens without end after a syntax error: the parse reports it.
                        return null;
                    case FlowMappingStart or FlowSequenceStart or BlockMappingStart or BlockSequenceStart:
                        if (++depth > MaxDepth)
                        {
                            return scanner.Current.Start;
                        }
                        break;
                    case FlowMappingEnd or FlowSequenceEnd or BlockEnd:
                        depth--;
                        break;
                }
            }
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException)
        {
            // A syntax error: the parse reports it with its position.
        }
        return null;
    }

    /// <summary>Blanks a line once; blanking keeps every later line at its number, so later positions stay true.</summary>
    private static bool Blank(string[] lines, long index, HashSet<long> blanked)
    {
        if (index < 0 || index >= lines.Length || !blanked.Add(index))
        {
            return false;
        }
        lines[index] = "";
        return true;
    }

    /// <summary>
    /// Scans tokens until the scanner fails: the innermost flow collection still open there (if any),
    /// and the start of the last token read (the scanner reads a few tokens ahead, so the culprit may
    /// not have been handed out yet, but it is on that token's line).
    /// </summary>
    private static (Mark? Open, Mark Last) ScanUntilFailure(string text)
    {
        var open = new Stack<Mark>();
        var last = Mark.Empty;
        var scanner = new Scanner(new StringReader(text));
        try
        {
            while (scanner.MoveNext())
            {
                last = scanner.Current!.Start;
                switch (scanner.Current)
                {
                    case Error:
                        // Error tokens repeat without end; scanning stops at the first.
                        return (open.Count > 0 ? open.Peek() : null, last);
                    case FlowMappingStart or FlowSequenceStart:
                        open.Push(last);
                        break;
                    case FlowMappingEnd or FlowSequenceEnd when open.Count > 0:
                        open.Pop();
                        break;
                }
            }
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException)
        {
            // Scanning stops where the parser failed; what is open there, or the last token, locates it.
        }
        return (open.Count > 0 ? open.Peek() : null, last);
    }

    // A sweep reads its pipeline once per variant: a problem of the settings they share is reported once.
    internal void Report(Mark mark, string message) =>
        AddOnce(_problems, new ConfigProblem(Path, Math.Max(1, mark.Line), Math.Max(1, mark.Column), message));

    internal void Report(YamlNode node, string message) => Report(node.Start, message);

    internal void Warn(YamlNode node, string message) =>
        AddOnce(_warnings, new ConfigProblem(Path, Math.Max(1, node.Start.Line), Math.Max(1, node.Start.Column), message) { IsWarning = true });

    private static void AddOnce(List<ConfigProblem> problems, ConfigProblem problem)
    {
        if (!problems.Contains(problem))
        {
            problems.Add(problem);
        }
    }

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
        return here == before ? "" : $" (this line is indented {Spaces(here)}, line {above + 1} {Spaces(before)})";
    }

    private static int Indentation(string line) => line.Length - line.TrimStart(' ').Length;

    private static string Spaces(int count) => count == 1 ? "1 space" : $"{count} spaces";

    // YamlDotNet prefixes messages with "(Line: 3, Col: 5, Idx: 40) - (Line: …): "; the position is reported separately.
    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex PositionPrefix();
}
