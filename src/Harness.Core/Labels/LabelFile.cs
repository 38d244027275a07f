using System.Text.Json;
using System.Text.Json.Nodes;

namespace Harness.Core.Labels;

/// <summary>
/// A suite's human labels: <c>labels/&lt;suite name&gt;.jsonl</c> in the suite file's folder, one <see cref="ClaimLabel"/>
/// per line, written by <c>harness label import</c> and read by every run of the suite.
/// </summary>
public static class LabelFile
{
    public const string Folder = "labels";

    public static string PathFor(string suiteSourcePath, string suiteName)
    {
        ArgumentNullException.ThrowIfNull(suiteSourcePath);
        return Path.Combine(Path.GetDirectoryName(Path.GetFullPath(suiteSourcePath))!, Folder, suiteName + ".jsonl");
    }

    /// <summary>The labels in the file (none when it does not exist).</summary>
    /// <exception cref="InvalidDataException">Every line that is not a label, each as file:line with the fix.</exception>
    public static IReadOnlyList<ClaimLabel> Read(string path) => [.. ReadLines(path).Select(l => l.Label)];

    /// <summary>The labels in the file with the line each is on, for messages about one of them.</summary>
    /// <exception cref="InvalidDataException">Every line that is not a label, or is of a newer format, each as file:line with the fix.</exception>
    public static IReadOnlyList<(int Line, ClaimLabel Label)> ReadLines(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }
        var labels = new List<(int, ClaimLabel)>();
        var problems = new List<string>();
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            ClaimLabel? label = null;
            string? why = null;
            try
            {
                var node = JsonNode.Parse(line);
                // Version 1 lines were written before the field existed.
                var version = node?["formatVersion"]?.GetValue<int>() ?? 1;
                FormatVersions.Check($"{path}:{number}", "label", version, FormatVersions.LabelFile, "import its sheet again with this harness");
                label = node.Deserialize<ClaimLabel>(HarnessJson.Options) is { } read ? read with { FormatVersion = version } : null;
            }
            catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
            {
                why = e.Message;
            }
            catch (InvalidDataException e)
            {
                problems.Add(e.Message);
                continue;
            }
            if (label is { CaseId: not null, Pipeline: not null, Claim: not null, Hash: not null, Sample: not null })
            {
                labels.Add((number, label));
            }
            else
            {
                problems.Add($"{path}:{number}: not a label ({why ?? "a field is missing"}) - each line is one JSON object written by 'harness label import'; delete the line or import its sheet again");
            }
        }
        return problems.Count == 0 ? labels : throw new InvalidDataException(string.Join(Environment.NewLine, problems));
    }

    /// <summary>Adds <paramref name="labels"/> to the file, replacing older labels of the same claims; written whole, then renamed into place.</summary>
    public static void Merge(string path, IReadOnlyList<ClaimLabel> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var replaced = labels.Select(l => l.Key).ToHashSet();
        var kept = Read(path).Where(l => !replaced.Contains(l.Key));
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = path + ".tmp";
        File.WriteAllLines(temporary, kept.Concat(labels).Select(l => JsonSerializer.Serialize(l, HarnessJson.Options)));
        File.Move(temporary, path, overwrite: true);
    }
}
