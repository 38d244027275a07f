using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Harness.Core.Data;
using Harness.Core.Text;

namespace Harness.Metrics.Faithfulness.Calibration;

/// <summary>
/// Reads ExpertQA's claim-level attribution labels (Malaviya et al. 2023, one JSON object per line:
/// question, answers per system, claims with claim_string, evidence and support). support
/// "Complete" is supported; "Partial", "Incomplete" and "Missing" are not fully supported; "N/A",
/// absent labels and claims whose evidence has no text besides its URL are skipped. Citation
/// markers ("[3]") are removed from claims, and each evidence item's "[n] url" header line from its text.
/// </summary>
public static partial class ExpertQaSupportLabels
{
    public static HumanLabelSet Read(string path) => HumanLabelSet.ReadJsonLines(path, "an ExpertQA row", ReadRow);

    private static int ReadRow(JsonElement row, string where, List<HumanSupportLabel> labels)
    {
        var skipped = 0;
        foreach (var answer in row.GetProperty("answers").EnumerateObject())
        {
            var claimNumber = 0;
            foreach (var claim in answer.Value.GetProperty("claims").EnumerateArray())
            {
                claimNumber++;
                var supported = claim.TryGetProperty("support", out var support) && support.ValueKind == JsonValueKind.String
                    ? support.GetString() switch
                    {
                        "Complete" => true,
                        "Partial" or "Incomplete" or "Missing" => (bool?)false,
                        _ => null,
                    }
                    : null;
                var evidence = Evidence(claim);
                if (supported is null || evidence.Count == 0)
                {
                    skipped++;
                    continue;
                }
                var text = CitationMarkers.Strip(claim.GetProperty("claim_string").GetString() ?? "");
                labels.Add(new HumanSupportLabel(text, evidence, supported.Value,
                    string.Create(CultureInfo.InvariantCulture, $"{where} {answer.Name} claim {claimNumber}")));
            }
        }
        return skipped;
    }

    private static List<Passage> Evidence(JsonElement claim)
    {
        var passages = new List<Passage>();
        if (!claim.TryGetProperty("evidence", out var evidence) || evidence.ValueKind != JsonValueKind.Array)
        {
            return passages;
        }
        foreach (var item in evidence.EnumerateArray())
        {
            var text = HeaderPattern().Replace(item.GetString() ?? "", "").Trim();
            if (text.Length > 0)
            {
                var id = string.Create(CultureInfo.InvariantCulture, $"evidence-{passages.Count + 1}");
                passages.Add(new Passage(id, id, 0, text.Length, text));
            }
        }
        return passages;
    }

    // "[3] https://example.org/page" on the first line of an evidence item.
    [GeneratedRegex(@"\A\s*\[\d+\][^\n]*")]
    private static partial Regex HeaderPattern();
}
