using System.Text.RegularExpressions;
using Harness.Core.Metrics;

namespace Harness.Core.Suites;

/// <summary>The kind of value an MEAI evaluator returns for one of its metrics, as the suite declares it.</summary>
public enum EvaluatorMetricKind
{
    /// <summary>A <c>NumericMetric</c>: mean with a bootstrap interval; its scale is the evaluator's (a 1-5 rating, a count).</summary>
    Numeric,
    /// <summary>A <c>BooleanMetric</c>: a proportion (true = 1) with a Clopper–Pearson interval.</summary>
    Boolean,
    /// <summary>A <c>StringMetric</c> with declared values: each value's share of the cases is a proportion.</summary>
    String,
}

/// <summary>
/// One metric an evaluator returns (its MEAI <c>EvaluationMetricNames</c> entry) with its kind and harness id:
/// <c>&lt;family&gt;.&lt;name in snake case&gt;</c> ("Within Bounds" of family length → length.within_bounds); a string
/// metric's ids are one per declared value, <c>&lt;id&gt;=&lt;value&gt;</c>.
/// </summary>
public sealed record EvaluatorMetricDefinition(string Name, string Id, EvaluatorMetricKind Kind, IReadOnlyList<string> Values)
{
    public string ValueId(string value) => $"{Id}={value}";

    /// <summary>The harness ids this metric's values are recorded under.</summary>
    public IReadOnlyList<string> Ids => Kind == EvaluatorMetricKind.String ? [.. Values.Select(ValueId)] : [Id];
}

/// <summary>
/// An MEAI <c>IEvaluator</c> a suite runs as a metric family (<c>metrics: [{ evaluator: …, project: … }]</c>):
/// the type by its assembly-qualified name, found in the assembly a project builds to (<see cref="Project"/>) or in
/// an assembly file (<see cref="Assembly"/>), and the metrics it returns. Its ids are known before the run, so gates,
/// the headline and regression checks are validated like a built-in family's.
/// </summary>
public sealed partial record EvaluatorDefinition(string Family, string TypeName, string AssemblyName, IReadOnlyList<EvaluatorMetricDefinition> Metrics)
{
    /// <summary>A .csproj built (incrementally) before the run; null when <see cref="Assembly"/> names the file.</summary>
    public string? Project { get; init; }

    /// <summary>A built assembly (.dll) loaded as it is; null when <see cref="Project"/> builds it.</summary>
    public string? Assembly { get; init; }

    /// <summary>The family as the registry of built-in families declares theirs: charts, summaries and gates read it.</summary>
    public MetricFamily ToMetricFamily() => new(Family, [.. Metrics.SelectMany(Specs)])
    {
        Title = $"{Family} ({TypeName.Split(',')[0].Split('.')[^1]})",
        OnByDefault = false,
    };

    /// <summary>
    /// A harness id part from an MEAI or type name: words split at spaces, punctuation and case changes, lower case,
    /// joined by '_' ("Within Bounds" → within_bounds, "JudgedRelevance" → judged_relevance).
    /// </summary>
    public static string SnakeCase(string name) =>
        NotIdCharacters().Replace(WordStart().Replace(name, "$1_$2").ToLowerInvariant(), "_").Trim('_');

    private static IEnumerable<MetricSpec> Specs(EvaluatorMetricDefinition metric) => metric.Kind switch
    {
        // A number on the evaluator's own scale: no unit of ratio, so regression margins are relative and bounds unchecked.
        EvaluatorMetricKind.Numeric => [new MetricSpec(metric.Id, metric.Name, Unit: "score") { Minimum = double.NegativeInfinity }],
        EvaluatorMetricKind.Boolean => [new MetricSpec(metric.Id, metric.Name, Proportion: true)],
        _ => metric.Values.Select(value => new MetricSpec(metric.ValueId(value), $"{metric.Name} = {value}", Proportion: true)),
    };

    [GeneratedRegex("([a-z0-9])([A-Z])")]
    private static partial Regex WordStart();

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NotIdCharacters();
}
