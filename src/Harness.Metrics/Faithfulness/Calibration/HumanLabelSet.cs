using System.Text.Json;

namespace Harness.Metrics.Faithfulness.Calibration;

/// <summary>Human support labels read from a file, and how many claims had no usable label or evidence.</summary>
public sealed record HumanLabelSet(IReadOnlyList<HumanSupportLabel> Labels, int Skipped)
{
    /// <summary>
    /// Reads a JSON Lines file of human labels: <paramref name="readRow"/> adds a row's labels and returns how many
    /// of its items it skipped; a row that is not what <paramref name="rowKind"/> says stops with file:line.
    /// </summary>
    internal static HumanLabelSet ReadJsonLines(string path, string rowKind, Func<JsonElement, string, List<HumanSupportLabel>, int> readRow)
    {
        ArgumentNullException.ThrowIfNull(path);
        var labels = new List<HumanSupportLabel>();
        var skipped = 0;
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            try
            {
                using var row = JsonDocument.Parse(line);
                skipped += readRow(row.RootElement, $"{Path.GetFileName(path)}:{lineNumber}", labels);
            }
            catch (Exception exception) when (exception is JsonException or InvalidOperationException or KeyNotFoundException)
            {
                throw new InvalidDataException($"{path}:{lineNumber}: not {rowKind} ({exception.Message})", exception);
            }
        }
        return new HumanLabelSet(labels, skipped);
    }
}
