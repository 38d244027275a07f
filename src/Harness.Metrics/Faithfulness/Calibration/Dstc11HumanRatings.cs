using System.Globalization;
using System.Text.Json;
using Harness.Core.Data;

namespace Harness.Metrics.Faithfulness.Calibration;

/// <summary>
/// Reads the DSTC11 Track 5 human evaluation (one JSON object a line: response, knowledge_used,
/// human_accuracy with three 1–5 ratings) as response-level support labels against the knowledge
/// the system used. Binary label: the mean accuracy rating above 3 (the raters leaned "accurate")
/// is supported, below 3 not supported; a mean of exactly 3 (the raters, on balance, neutral) is
/// skipped, as are responses without knowledge or without a checkable claim (only a question or a
/// pleasantry: "Would you like to book?").
/// </summary>
public static class Dstc11HumanRatings
{
    /// <summary>The scale's midpoint: a mean rating above it is supported, below it not.</summary>
    public const double Midpoint = 3.0;

    public static HumanLabelSet Read(string path) => HumanLabelSet.ReadJsonLines(path, "a DSTC11 human-evaluation row", (row, where, labels) =>
    {
        if (Read(row, where) is not { } label)
        {
            return 1;
        }
        labels.Add(label);
        return 0;
    });

    private static HumanSupportLabel? Read(JsonElement row, string where)
    {
        var response = row.GetProperty("response").GetString() ?? "";
        var ratings = row.GetProperty("human_accuracy").EnumerateArray().Select(r => r.GetDouble()).ToArray();
        var evidence = row.GetProperty("knowledge_used").EnumerateArray()
            .Select(k => (k.GetString() ?? "").Trim())
            .Where(text => text.Length > 0)
            .Select((text, i) => new Passage(string.Create(CultureInfo.InvariantCulture, $"knowledge-{i + 1}"), "knowledge", 0, text.Length, text))
            .ToArray();
        if (ratings.Length == 0 || evidence.Length == 0 || ClaimSplitter.Split(response).Claims.Count == 0)
        {
            return null;
        }
        var mean = ratings.Average();
        if (mean == Midpoint)
        {
            return null;
        }
        var id = row.TryGetProperty("id", out var value) ? value.GetString() : null;
        return new HumanSupportLabel(response, evidence, mean > Midpoint, $"{where} {id}");
    }
}
