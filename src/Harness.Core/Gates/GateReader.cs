using System.Globalization;
using Harness.Core.Configuration;
using Harness.Core.Metrics;
using Harness.Core.Suites;
using YamlDotNet.RepresentationModel;

namespace Harness.Core.Gates;

/// <summary>
/// What a gate type's reader gets: the gate's YAML mapping, the suite's metrics (built-in names as written, and the
/// families of the evaluators it runs) and pipelines, and the checks gates share (a metric id the suite computes, a pipeline it has, a margin of 0 or more).
/// Every problem is reported on the file with its line and column; a reader returns null when it found one.
/// </summary>
public sealed class GateReader(YamlMap map, IReadOnlyList<string> metrics, IReadOnlyList<MetricFamily> evaluators, IReadOnlyList<PipelineDefinition> pipelines)
{
    public YamlMap Map => map;

    /// <summary>The gate's required 'metric:', checked as <see cref="CheckMetric(YamlNode, string)"/> does.</summary>
    public string? Metric()
    {
        var metric = map.RequiredString("metric", "add 'metric: <metric id>' (e.g. recall@5, token_f1)");
        return metric is null ? null : CheckMetric(map.Get("metric")!, metric);
    }

    public string? CheckMetric(YamlNode node, string metric) => CheckMetric(map, node, metric, metrics, evaluators);

    /// <summary>
    /// A gate's (or the headline's) metric must be a known id the suite computes: its id or its family is listed, or
    /// one of the suite's evaluators declares it.
    /// </summary>
    public static string? CheckMetric(YamlMap map, YamlNode node, string metric, IReadOnlyList<string> metrics, IReadOnlyList<MetricFamily> evaluators)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(evaluators);
        if (evaluators.FirstOrDefault(f => f.Name == metric) is { } evaluator)
        {
            map.Report(node, $"a gate needs one metric id, not the evaluator family '{metric}' - e.g. {evaluator.Ids[0]}");
            return null;
        }
        if (evaluators.Any(f => f.Ids.Contains(metric)))
        {
            return metric;
        }
        if (!KnownMetrics.IsKnown(metric) && Suggestions.Closest(metric, evaluators.SelectMany(f => f.Ids)) is { } declared)
        {
            map.Report(node, $"unknown metric '{metric}' - did you mean '{declared}'?");
            return null;
        }
        // "faithfulness" names a family and that family's main metric: as a gate's metric it is the metric.
        if (KnownMetrics.IsFamily(metric) && !KnownMetrics.ByFamily[metric].Contains(metric))
        {
            map.Report(node, $"a gate needs one metric id, not the family '{metric}' - e.g. {KnownMetrics.ByFamily[metric][0].Replace("@k", "@5", StringComparison.Ordinal)}");
            return null;
        }
        if (!KnownMetrics.IsKnown(metric))
        {
            map.Report(node, KnownMetrics.Unknown(metric, "a metric id"));
            return null;
        }
        if (!metrics.Contains(metric) && !metrics.Contains(KnownMetrics.FamilyOf(metric)!))
        {
            map.Report(node, $"the gate uses '{metric}' but the suite does not compute it - add '{KnownMetrics.FamilyOf(metric)}' or '{metric}' to 'metrics'");
            return null;
        }
        return metric;
    }

    /// <summary>A pipeline the suite declares (null stays null: the gate covers every pipeline).</summary>
    public string? Pipeline(YamlNode? node, string? name)
    {
        if (name is null || pipelines.Any(p => p.Name == name))
        {
            return name;
        }
        map.Report(node!, $"unknown pipeline '{name}'{Suggestions.Hint(name, pipelines.Select(p => p.Name))}");
        return null;
    }

    /// <summary>
    /// A threshold ('min' or 'max') on the metric: a number among the values the metric takes (a ratio's 0 to 1,
    /// a cosine's −1 to 1, a time's 0 or more), since a bound outside them passes or fails every run alike.
    /// </summary>
    public double? Bound(string key, string? metric)
    {
        var value = map.Double(key);
        var range = evaluators.SelectMany(f => f.Metrics).FirstOrDefault(m => m.Id == metric) is { } declared
            ? ((double Minimum, double Maximum)?)(declared.Minimum, declared.Maximum)
            : metric is null ? null : KnownMetrics.Range(metric);
        if (value is { } bound && range is { } values && (bound < values.Minimum || bound > values.Maximum))
        {
            var takes = double.IsPositiveInfinity(values.Maximum)
                ? string.Create(CultureInfo.InvariantCulture, $"{values.Minimum} or more")
                : string.Create(CultureInfo.InvariantCulture, $"{values.Minimum} to {values.Maximum}");
            map.Report(map.Get(key)!, string.Create(CultureInfo.InvariantCulture, $"'{key}' must lie among the values {metric} takes, {takes}, got {bound}"));
            return null;
        }
        return value;
    }

    public double? Margin()
    {
        var margin = map.Double("margin");
        if (margin is < 0)
        {
            map.Report(map.Get("margin")!, "'margin' must be 0 or more");
            return null;
        }
        return margin;
    }

    /// <summary>Why a paired gate (compare, regression) cannot use a corpus-level metric.</summary>
    public static string PairedCorpusMetric(string metric) =>
        $"'{metric}' is one figure of the whole pipeline, with no per-case values to pair; " +
        $"gate it with 'min:'/'max:' (decided on its summary){(metric == "corpus_bleu" ? " or pair its per-case form 'bleu'" : "")}";
}
