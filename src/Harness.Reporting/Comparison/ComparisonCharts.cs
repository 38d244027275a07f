using System.Text.Json.Nodes;
using Harness.Core.Baselines;
using Harness.Core.Metrics;
using Harness.Reporting.Charts;

namespace Harness.Reporting.Comparison;

/// <summary>Per metric, the paired difference B − A per pipeline with its 95% CI and a rule at zero.</summary>
public static class ComparisonCharts
{
    private static readonly (ComparisonVerdict Verdict, string Colour)[] _verdictColours =
    [
        (ComparisonVerdict.Improved, "#1a7f37"),
        (ComparisonVerdict.NonInferior, "#4c78a8"),
        (ComparisonVerdict.Inconclusive, "#9a6700"),
        (ComparisonVerdict.Regressed, "#c62828"),
        (ComparisonVerdict.Error, "#6e1414"),
    ];

    public static IReadOnlyList<ChartSpec> Build(IReadOnlyList<PairedComparisonRow> rows, IReadOnlyList<MetricDescriptor> metrics)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(metrics);
        var charts = new List<ChartSpec>();
        var metricIds = metrics.Select(m => m.Id).Concat(rows.Select(r => r.MetricId)).Distinct(StringComparer.Ordinal);
        foreach (var metricId in metricIds)
        {
            // A row in error has no difference to draw; the table shows it.
            var metricRows = rows.Where(r => r.MetricId == metricId && r.Difference is not null).ToList();
            if (metricRows.Count == 0)
            {
                continue;
            }
            var metric = metrics.FirstOrDefault(m => m.Id == metricId);
            var name = metric?.DisplayName ?? metricId;
            var format = VegaLite.D3Format(metric?.Format ?? "0.000");
            var values = new JsonArray();
            foreach (var row in metricRows)
            {
                values.Add(new JsonObject
                {
                    ["pipeline"] = row.Pipeline,
                    ["difference"] = row.Difference,
                    ["message"] = row.Message,
                    ["ci_low"] = row.CiLow,
                    ["ci_high"] = row.CiHigh,
                    ["p_holm"] = row.AdjustedPValue,
                    ["verdict"] = PairedComparisonRow.VerdictText(row.Verdict),
                    ["n"] = row.N,
                });
            }
            var title = $"{name}: difference B − A";
            var spec = VegaLite.Chart(title, $"Paired difference of {name} (run B minus run A) per pipeline with its 95% CI", values);
            spec["width"] = 360;
            spec["height"] = new JsonObject { ["step"] = 28 };
            var pipelines = VegaLite.Strings(metricRows.Select(r => r.Pipeline));
            spec["encoding"] = new JsonObject
            {
                ["y"] = VegaLite.Field("pipeline", "nominal", null, pipelines),
                ["tooltip"] = new JsonArray
                {
                    VegaLite.Tooltip("pipeline", "nominal", "Pipeline"),
                    VegaLite.Tooltip("difference", "quantitative", "B − A", format),
                    VegaLite.Tooltip("ci_low", "quantitative", "CI low", format),
                    VegaLite.Tooltip("ci_high", "quantitative", "CI high", format),
                    VegaLite.Tooltip("p_holm", "quantitative", "Holm p", ".4f"),
                    VegaLite.Tooltip("verdict", "nominal", "Verdict"),
                    VegaLite.Tooltip("n", "quantitative", "n"),
                    VegaLite.Tooltip("message", "nominal", "Detail"),
                },
            };
            var verdicts = VegaLite.Strings(_verdictColours.Select(v => PairedComparisonRow.VerdictText(v.Verdict)));
            spec["layer"] = new JsonArray
            {
                new JsonObject
                {
                    ["mark"] = new JsonObject { ["type"] = "rule", ["strokeDash"] = new JsonArray(4, 4), ["color"] = "#888888" },
                    ["encoding"] = new JsonObject { ["x"] = new JsonObject { ["datum"] = 0 }, ["y"] = null },
                },
                new JsonObject
                {
                    ["mark"] = new JsonObject { ["type"] = "errorbar", ["ticks"] = true },
                    ["encoding"] = new JsonObject
                    {
                        ["x"] = new JsonObject { ["field"] = "ci_low", ["type"] = "quantitative", ["title"] = $"{name}: B − A (95% CI)" },
                        ["x2"] = new JsonObject { ["field"] = "ci_high" },
                    },
                },
                new JsonObject
                {
                    ["mark"] = new JsonObject { ["type"] = "point", ["filled"] = true, ["size"] = 70 },
                    ["encoding"] = new JsonObject
                    {
                        ["x"] = new JsonObject { ["field"] = "difference", ["type"] = "quantitative" },
                        ["color"] = new JsonObject
                        {
                            ["field"] = "verdict",
                            ["type"] = "nominal",
                            ["title"] = "Verdict",
                            ["legend"] = new JsonObject { ["labelLimit"] = 260 },
                            ["scale"] = new JsonObject
                            {
                                ["domain"] = verdicts,
                                ["range"] = VegaLite.Strings(_verdictColours.Select(v => v.Colour)),
                            },
                        },
                    },
                },
            };
            charts.Add(new ChartSpec($"diff-{VegaLite.Slug(metricId)}", title, spec));
        }
        return charts;
    }

}
