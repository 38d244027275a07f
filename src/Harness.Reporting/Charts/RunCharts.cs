using System.Text.Json.Nodes;
using Harness.Core;
using Harness.Core.Metrics;
using Harness.Core.Results;

namespace Harness.Reporting.Charts;

/// <summary>
/// The charts of one run, built from its metric descriptors and data: a chart per metric family
/// with 95% CI error bars, latency per pipeline and stage, quality against latency, the approaches
/// (closed-book / RAG / fine-tuned / hybrid) side by side, and the headline trend over a history.
/// Only charts that have data are returned.
/// </summary>
public static class RunCharts
{
    /// <summary>The approaches the harness compares, in the order they are shown.</summary>
    public static IReadOnlyList<string> Approaches => _approaches;

    private static readonly string[] _approaches = ["closed-book", "rag", "fine-tuned", "hybrid"];

    private static readonly string[] _stages = ["retrieval", "prompt evaluation", "first token", "generation", "total"];

    // Vega's default categorical scheme (tableau10), written out so colours can be pinned per pipeline.
    private static readonly string[] _palette =
        ["#4c78a8", "#f58518", "#e45756", "#72b7b2", "#54a24b", "#eeca3b", "#b279a2", "#ff9da6", "#9d755d", "#bab0ac"];

    public static IReadOnlyList<ChartSpec> Build(RunResult run, IReadOnlyList<HistoryPoint>? history = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        var charts = new List<ChartSpec>();
        charts.AddRange(FamilyCharts(run));
        charts.AddIfNotNull(LatencyChart(run));
        charts.AddIfNotNull(QualityVersusLatencyChart(run));
        charts.AddIfNotNull(ApproachesChart(run));
        charts.AddIfNotNull(TrendChart(run, history ?? []));
        return charts;
    }

    /// <summary>Faithfulness and hallucination share a chart: they are two views of the same claims.</summary>
    internal static string ChartFamily(string family) => family == "hallucination" ? "faithfulness" : family;

    private static IEnumerable<ChartSpec> FamilyCharts(RunResult run)
    {
        var pipelines = RunOrdering.PipelineNames(run);
        var groups = run.Metrics
            .Where(m => m.Family != KnownMetrics.LatencyFamily)
            .GroupBy(m => ChartFamily(m.Family), StringComparer.Ordinal);
        foreach (var group in groups)
        {
            var metrics = group.ToList();
            var values = new JsonArray();
            foreach (var pipeline in pipelines)
            {
                foreach (var metric in metrics)
                {
                    if (Find(run, pipeline, metric.Id) is { Mean: { } mean } summary)
                    {
                        values.Add(SummaryRow(pipeline, metric, mean, summary));
                    }
                }
            }
            if (values.Count == 0)
            {
                continue;
            }
            var title = FamilyTitle(group.Key);
            var ratios = metrics.All(m => m.Unit.Length == 0);
            var spec = VegaLite.Chart(title, $"{title}: mean per pipeline with 95% confidence intervals", values);
            var present = values.Select(v => (string)v!["pipeline"]!).Distinct(StringComparer.Ordinal).Count();
            spec["width"] = Math.Max(240, metrics.Count * ((present * 10) + 12));
            spec["height"] = 220;
            spec["encoding"] = new JsonObject
            {
                ["x"] = VegaLite.Field("metric", "nominal", null, VegaLite.Strings(metrics.Select(m => m.DisplayName))),
                ["xOffset"] = VegaLite.Field("pipeline", "nominal", null, VegaLite.Strings(pipelines)),
                ["color"] = PipelineColor(pipelines, values),
                ["tooltip"] = SummaryTooltip(metrics[0].Format),
            };
            spec["layer"] = new JsonArray
            {
                new JsonObject
                {
                    ["mark"] = "bar",
                    ["encoding"] = new JsonObject { ["y"] = MeanAxis("mean (95% CI)", ratios) },
                },
                ErrorBars(),
            };
            yield return new ChartSpec($"metrics-{VegaLite.Slug(group.Key)}", title, spec);
        }
    }

    private static ChartSpec? LatencyChart(RunResult run)
    {
        var pipelines = RunOrdering.PipelineNames(run);
        var values = new JsonArray();
        foreach (var result in RunOrdering.Results(run))
        {
            if (result is not { Output.Timings: { } timings, Error: null })
            {
                continue;
            }
            var times = StageTimes(timings);
            for (var i = 0; i < _stages.Length; i++)
            {
                // A log axis cannot show zero; a stage that took no measurable time has nothing to draw.
                if (times[i] is { TotalMilliseconds: > 0 } elapsed)
                {
                    values.Add(new JsonObject { ["pipeline"] = result.Pipeline, ["stage"] = _stages[i], ["ms"] = elapsed.TotalMilliseconds });
                }
            }
        }
        if (values.Count == 0)
        {
            return null;
        }
        const string title = "Latency per pipeline and stage";
        var stages = VegaLite.Strings(_stages);
        var spec = VegaLite.Chart(title, "Latency in milliseconds per pipeline and stage (box: quartiles, whiskers: min and max)", values);
        spec["width"] = 420;
        spec["height"] = new JsonObject { ["step"] = 12 };
        spec["mark"] = new JsonObject { ["type"] = "boxplot", ["extent"] = "min-max" };
        spec["encoding"] = new JsonObject
        {
            ["y"] = VegaLite.Field("pipeline", "nominal", null, VegaLite.Strings(pipelines)),
            ["yOffset"] = VegaLite.Field("stage", "nominal", null, stages),
            ["x"] = new JsonObject
            {
                ["field"] = "ms",
                ["type"] = "quantitative",
                ["title"] = "milliseconds",
                // Stages differ by orders of magnitude (retrieval in ms, generation in s).
                ["scale"] = new JsonObject { ["type"] = "log" },
            },
            ["color"] = VegaLite.Field("stage", "nominal", "Stage", stages.DeepClone().AsArray()),
        };
        return new ChartSpec("latency", title, spec);
    }

    private static ChartSpec? QualityVersusLatencyChart(RunResult run)
    {
        if (HeadlineMetrics.Headline(run) is not { } headline)
        {
            return null;
        }
        var values = new JsonArray();
        foreach (var pipeline in RunOrdering.PipelineNames(run))
        {
            var totals = run.Results
                .Where(r => r.Pipeline == pipeline && r is { Error: null, Output: not null })
                .Select(r => r.Output!.Timings.Total.TotalMilliseconds)
                .ToList();
            if (totals.Count > 0 && Find(run, pipeline, headline.Id) is { Mean: { } mean } summary)
            {
                var row = SummaryRow(pipeline, headline, mean, summary);
                row["latency_p50_ms"] = Median(totals);
                values.Add(row);
            }
        }
        if (values.Count == 0)
        {
            return null;
        }
        var title = $"{headline.DisplayName} against latency";
        var spec = VegaLite.Chart(title, $"{headline.DisplayName} (95% CI) against the median total latency per answer, per pipeline", values);
        spec["width"] = 420;
        spec["height"] = 260;
        spec["encoding"] = new JsonObject
        {
            ["x"] = new JsonObject
            {
                ["field"] = "latency_p50_ms",
                ["type"] = "quantitative",
                ["title"] = "median total latency (ms)",
                ["scale"] = new JsonObject { ["zero"] = false, ["nice"] = true },
            },
            ["color"] = PipelineColor(RunOrdering.PipelineNames(run), values),
            ["tooltip"] = SummaryTooltip(headline.Format, withLatency: true),
        };
        spec["layer"] = new JsonArray
        {
            ErrorBars(),
            new JsonObject
            {
                ["mark"] = new JsonObject { ["type"] = "point", ["filled"] = true, ["size"] = 80 },
                ["encoding"] = new JsonObject { ["y"] = MeanAxis($"{headline.DisplayName} (95% CI)", headline.Unit.Length == 0) },
            },
            new JsonObject
            {
                ["mark"] = new JsonObject { ["type"] = "text", ["align"] = "left", ["dx"] = 8, ["dy"] = -8 },
                ["encoding"] = new JsonObject
                {
                    ["y"] = new JsonObject { ["field"] = "mean", ["type"] = "quantitative" },
                    ["text"] = new JsonObject { ["field"] = "pipeline" },
                },
            },
        };
        return new ChartSpec("quality-vs-latency", title, spec);
    }

    private static ChartSpec? ApproachesChart(RunResult run)
    {
        if (HeadlineMetrics.Headline(run) is not { } headline)
        {
            return null;
        }
        var values = new JsonArray();
        var approaches = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pipeline in run.Pipelines.Where(p => Approaches.Contains(p.Kind)))
        {
            if (Find(run, pipeline.Name, headline.Id) is { Mean: { } mean } summary)
            {
                var row = SummaryRow(pipeline.Name, headline, mean, summary);
                row["approach"] = pipeline.Kind;
                values.Add(row);
                approaches.Add(pipeline.Kind);
            }
        }
        // Side by side needs at least two approaches; one alone is already in the family chart.
        if (approaches.Count < 2)
        {
            return null;
        }
        var title = $"Closed-book, RAG, fine-tuned and hybrid on {headline.DisplayName}";
        var spec = VegaLite.Chart(title, $"{headline.DisplayName} (95% CI) per pipeline, grouped and coloured by approach", values);
        spec["width"] = Math.Max(240, values.Count * 48);
        spec["height"] = 220;
        // Pipelines in approach order, so each approach's pipelines stand together.
        var pipelineOrder = values.OrderBy(v => Array.IndexOf(_approaches, (string)v!["approach"]!)).Select(v => (string)v!["pipeline"]!);
        spec["encoding"] = new JsonObject
        {
            ["x"] = VegaLite.Field("pipeline", "nominal", null, VegaLite.Strings(pipelineOrder)),
            ["color"] = VegaLite.Field("approach", "nominal", "Approach", VegaLite.Strings(Approaches)),
            ["tooltip"] = SummaryTooltip(headline.Format),
        };
        spec["layer"] = new JsonArray
        {
            new JsonObject
            {
                ["mark"] = "bar",
                ["encoding"] = new JsonObject { ["y"] = MeanAxis($"{headline.DisplayName} (95% CI)", headline.Unit.Length == 0) },
            },
            ErrorBars(),
        };
        return new ChartSpec("approaches", title, spec);
    }

    private static ChartSpec? TrendChart(RunResult run, IReadOnlyList<HistoryPoint> history)
    {
        if (HeadlineMetrics.Headline(run) is not { } headline || history.Count == 0)
        {
            return null;
        }
        var points = history.Where(h => h.MetricId == headline.Id).ToList();
        if (!points.Any(p => p.RunId == run.Info.RunId))
        {
            points.AddRange(run.Summary
                .Where(s => s.MetricId == headline.Id && s.Mean is not null)
                .Select(s => new HistoryPoint(run.Info.RunId, run.Info.StartedAt, s.Pipeline, s.MetricId, s.Mean!.Value, s.CiLow, s.CiHigh)));
        }
        if (points.Select(p => p.RunId).Distinct(StringComparer.Ordinal).Count() < 2)
        {
            return null;
        }
        var values = new JsonArray();
        foreach (var point in points.OrderBy(p => p.StartedAt).ThenBy(p => p.Pipeline, StringComparer.Ordinal))
        {
            values.Add(new JsonObject
            {
                ["run_id"] = point.RunId,
                ["started_at"] = point.StartedAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
                ["pipeline"] = point.Pipeline,
                ["mean"] = point.Mean,
                ["ci_low"] = point.CiLow ?? point.Mean,
                ["ci_high"] = point.CiHigh ?? point.Mean,
            });
        }
        var title = $"{headline.DisplayName} over run history";
        var spec = VegaLite.Chart(title, $"{headline.DisplayName} (95% CI band) per pipeline over past runs", values);
        spec["width"] = 480;
        spec["height"] = 220;
        var format = VegaLite.D3Format(headline.Format);
        spec["encoding"] = new JsonObject
        {
            // UTC scale: the same run history draws the same chart in every time zone.
            ["x"] = new JsonObject
            {
                ["field"] = "started_at",
                ["type"] = "temporal",
                ["title"] = "run started (UTC)",
                ["scale"] = new JsonObject { ["type"] = "utc" },
                ["axis"] = new JsonObject { ["format"] = "%Y-%m-%d" },
            },
            ["color"] = TrendColor(run, values),
            ["tooltip"] = new JsonArray
            {
                VegaLite.Tooltip("run_id", "nominal", "Run"),
                VegaLite.Tooltip("pipeline", "nominal", "Pipeline"),
                VegaLite.Tooltip("mean", "quantitative", "Mean", format),
                VegaLite.Tooltip("ci_low", "quantitative", "CI low", format),
                VegaLite.Tooltip("ci_high", "quantitative", "CI high", format),
            },
        };
        spec["layer"] = new JsonArray
        {
            new JsonObject
            {
                ["mark"] = new JsonObject { ["type"] = "errorband", ["opacity"] = 0.2 },
                ["encoding"] = new JsonObject
                {
                    ["y"] = new JsonObject { ["field"] = "ci_low", ["type"] = "quantitative", ["title"] = $"{headline.DisplayName} (95% CI)" },
                    ["y2"] = new JsonObject { ["field"] = "ci_high" },
                },
            },
            new JsonObject
            {
                ["mark"] = new JsonObject { ["type"] = "line", ["point"] = true },
                ["encoding"] = new JsonObject { ["y"] = new JsonObject { ["field"] = "mean", ["type"] = "quantitative" } },
            },
        };
        return new ChartSpec("trend", title, spec);
    }

    /// <summary>
    /// A pipeline keeps its colour in every chart (its position in the run's pipeline list picks it
    /// from Vega's default palette), whichever pipelines a chart has data for.
    /// </summary>
    private static JsonObject PipelineColor(IReadOnlyList<string> pipelines, JsonArray values)
    {
        var present = values.Select(v => (string)v!["pipeline"]!).ToHashSet(StringComparer.Ordinal);
        var all = pipelines.Concat(present.Order(StringComparer.Ordinal)).Distinct(StringComparer.Ordinal).ToList();
        var shown = all.Where(present.Contains).ToList();
        var color = VegaLite.Field("pipeline", "nominal", "Pipeline");
        color["scale"] = new JsonObject
        {
            ["domain"] = VegaLite.Strings(shown),
            ["range"] = VegaLite.Strings(shown.Select(p => _palette[all.IndexOf(p) % _palette.Length])),
        };
        return color;
    }

    private static JsonObject TrendColor(RunResult run, JsonArray values)
    {
        var color = PipelineColor(RunOrdering.PipelineNames(run), values);
        // The legend would otherwise take the faint opacity of the CI band.
        color["legend"] = new JsonObject { ["symbolOpacity"] = 1 };
        return color;
    }

    /// <summary>The times of <see cref="_stages"/>, in the same order; null for a stage the pipeline does not have.</summary>
    private static TimeSpan?[] StageTimes(Core.Pipelines.StageTimings timings) =>
        [timings.Retrieval, timings.PromptEvaluation, timings.TimeToFirstToken, timings.Generation, timings.Total];

    internal static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static MetricSummary? Find(RunResult run, string pipeline, string metricId) =>
        run.Summary.FirstOrDefault(s => s.Pipeline == pipeline && s.MetricId == metricId);

    private static JsonObject SummaryRow(string pipeline, MetricDescriptor metric, double mean, MetricSummary summary) => new()
    {
        ["pipeline"] = pipeline,
        ["metric"] = metric.DisplayName,
        ["mean"] = mean,
        ["ci_low"] = summary.CiLow ?? mean,
        ["ci_high"] = summary.CiHigh ?? mean,
        ["n"] = summary.N,
    };

    private static JsonArray SummaryTooltip(string format, bool withLatency = false)
    {
        var d3 = VegaLite.D3Format(format);
        var tooltip = new JsonArray
        {
            VegaLite.Tooltip("pipeline", "nominal", "Pipeline"),
            VegaLite.Tooltip("metric", "nominal", "Metric"),
            VegaLite.Tooltip("mean", "quantitative", "Mean", d3),
            VegaLite.Tooltip("ci_low", "quantitative", "CI low", d3),
            VegaLite.Tooltip("ci_high", "quantitative", "CI high", d3),
            VegaLite.Tooltip("n", "quantitative", "n"),
        };
        if (withLatency)
        {
            tooltip.Add(VegaLite.Tooltip("latency_p50_ms", "quantitative", "Median latency (ms)", ".1f"));
        }
        return tooltip;
    }

    private static JsonObject MeanAxis(string title, bool ratio)
    {
        var axis = new JsonObject { ["field"] = "mean", ["type"] = "quantitative", ["title"] = title };
        if (ratio)
        {
            axis["scale"] = new JsonObject { ["domain"] = new JsonArray(0, 1) };
        }
        return axis;
    }

    private static JsonObject ErrorBars() => new()
    {
        ["mark"] = new JsonObject { ["type"] = "errorbar", ["ticks"] = true, ["color"] = "#333333" },
        ["encoding"] = new JsonObject
        {
            // No title of its own: the axis is titled by the mean it shares.
            ["y"] = new JsonObject { ["field"] = "ci_low", ["type"] = "quantitative", ["title"] = null },
            ["y2"] = new JsonObject { ["field"] = "ci_high" },
        },
    };

    private static string FamilyTitle(string family) => family switch
    {
        "retrieval" => "Retrieval",
        "answer" => "Answer quality",
        "faithfulness" => "Faithfulness and hallucination",
        "label" => "Label accuracy",
        _ => family.Length == 0 ? "Other metrics" : char.ToUpperInvariant(family[0]) + family[1..],
    };

    private static void AddIfNotNull(this List<ChartSpec> charts, ChartSpec? chart)
    {
        if (chart is not null)
        {
            charts.Add(chart);
        }
    }
}
