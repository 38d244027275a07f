using System.Globalization;
using Harness.Core.Metrics;
using Harness.Core.Suites;
using Microsoft.Extensions.AI.Evaluation;

namespace Harness.Metrics.Evaluation;

/// <summary>
/// The one translation between a harness <see cref="MetricValue"/> and an MEAI <see cref="EvaluationMetric"/>, both ways.
/// Harness → MEAI: a proportion is a <see cref="BooleanMetric"/>, any other value a <see cref="NumericMetric"/>; the
/// diagnostic is the reason; the status rides in <see cref="StatusKey"/> metadata, and an inconclusive or not
/// applicable value also gets an Inconclusive / Unknown interpretation, an error an Error diagnostic; judged claims
/// become informational diagnostics. MEAI → harness: that metadata when present (a harness metric come back), else an
/// Error diagnostic is an error, no value or an Inconclusive rating is inconclusive, anything else is ok, its reason,
/// interpretation and other diagnostics making the diagnostic the case's drill-down shows.
/// </summary>
public static class MetricValueMapping
{
    /// <summary>The metadata key holding the harness status ("ok", "inconclusive", "error", "not_applicable").</summary>
    public const string StatusKey = "harness.status";

    public static EvaluationMetric ToEvaluationMetric(MetricValue value, MetricDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(descriptor);
        EvaluationMetric metric = descriptor.Proportion
            ? new BooleanMetric(value.MetricId, value.Value is { } share ? share >= 0.5 : null, value.Diagnostic)
            : new NumericMetric(value.MetricId, value.Value, value.Diagnostic);
        metric.AddOrUpdateMetadata(StatusKey, StatusName(value.Status));
        switch (value.Status)
        {
            case ValueStatus.Inconclusive:
                metric.Interpretation = new EvaluationMetricInterpretation(EvaluationRating.Inconclusive, failed: false, value.Diagnostic);
                break;
            case ValueStatus.NotApplicable:
                metric.Interpretation = new EvaluationMetricInterpretation(EvaluationRating.Unknown, failed: false, value.Diagnostic);
                break;
            case ValueStatus.Error:
                metric.AddDiagnostics(EvaluationDiagnostic.Error(value.Diagnostic ?? "error"));
                break;
        }
        foreach (var claim in value.Claims ?? [])
        {
            metric.AddDiagnostics(EvaluationDiagnostic.Informational(string.Create(CultureInfo.InvariantCulture,
                $"claim {claim.Verdict.ToString().ToLowerInvariant()}{(claim.Score is { } score ? $" ({score:0.000})" : "")}: {claim.Text} - {claim.Reason}")));
        }
        return metric;
    }

    /// <summary>
    /// The harness value of an MEAI metric under <paramref name="id"/>: a number as it is, a boolean as 1 or 0;
    /// a metric of another type than <paramref name="expected"/> is an error naming both.
    /// </summary>
    public static MetricValue ToMetricValue(EvaluationMetric metric, string id, EvaluatorMetricKind expected)
    {
        ArgumentNullException.ThrowIfNull(metric);
        ArgumentNullException.ThrowIfNull(id);
        var (number, kind) = metric switch
        {
            NumericMetric numeric => (numeric.Value, EvaluatorMetricKind.Numeric),
            BooleanMetric boolean => (boolean.Value is { } flag ? flag ? 1.0 : 0.0 : (double?)null, EvaluatorMetricKind.Boolean),
            StringMetric => (null, EvaluatorMetricKind.String),
            _ => ((double?)null, (EvaluatorMetricKind?)null),
        };
        if (kind != expected)
        {
            return MetricValue.Error(id, $"the evaluator returned '{metric.Name}' as a {metric.GetType().Name}, and the suite declares it {expected.ToString().ToLowerInvariant()} - declare its kind as the evaluator returns it");
        }
        return Valued(metric, id, number);
    }

    /// <summary>
    /// The per-value shares of an MEAI string metric: 1 for <paramref name="values"/>' entry it returned, 0 for the
    /// others, each under <paramref name="idOf"/> that value; a value not among them makes them all errors naming it.
    /// </summary>
    public static IReadOnlyList<MetricValue> ToValueShares(EvaluationMetric metric, IReadOnlyList<string> values, Func<string, string> idOf)
    {
        ArgumentNullException.ThrowIfNull(metric);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(idOf);
        if (metric is not StringMetric text)
        {
            return [.. values.Select(v => MetricValue.Error(idOf(v), $"the evaluator returned '{metric.Name}' as a {metric.GetType().Name}, and the suite declares it a string with values [{string.Join(", ", values)}] - declare its kind as the evaluator returns it"))];
        }
        if (text.Value is { } returned && !values.Contains(returned, StringComparer.Ordinal))
        {
            return [.. values.Select(v => MetricValue.Error(idOf(v), $"the evaluator returned '{metric.Name}' = '{returned}', which the suite does not declare among [{string.Join(", ", values)}] - add it to the metric's values"))];
        }
        return [.. values.Select(v => Valued(metric, idOf(v), text.Value is null ? null : text.Value == v ? 1.0 : 0.0))];
    }

    private static MetricValue Valued(EvaluationMetric metric, string id, double? number)
    {
        var diagnostic = Diagnostic(metric);
        if (metric.Metadata?.TryGetValue(StatusKey, out var status) == true && ParseStatus(status) is { } known)
        {
            // A harness value come back: its own status and diagnostic, not the claims beside it.
            return known == ValueStatus.Ok && number is null
                ? MetricValue.Error(id, "the metric says ok but has no value")
                : new MetricValue(id, known == ValueStatus.Ok ? number : null, known, metric.Reason);
        }
        if (metric.Diagnostics?.Any(d => d.Severity == EvaluationDiagnosticSeverity.Error) == true)
        {
            return MetricValue.Error(id, diagnostic);
        }
        if (number is not { } value || metric.Interpretation?.Rating == EvaluationRating.Inconclusive)
        {
            return MetricValue.Inconclusive(id, diagnostic.Length > 0 ? diagnostic : "the evaluator returned no value");
        }
        return diagnostic.Length > 0 ? MetricValue.Ok(id, value).Explained(diagnostic) : MetricValue.Ok(id, value);
    }

    /// <summary>Reason, interpretation and diagnostics, as one line for the drill-down.</summary>
    private static string Diagnostic(EvaluationMetric metric)
    {
        List<string> parts = [];
        if (!string.IsNullOrWhiteSpace(metric.Reason))
        {
            parts.Add(metric.Reason);
        }
        if (metric.Interpretation is { } interpretation)
        {
            parts.Add($"rated {interpretation.Rating.ToString().ToLowerInvariant()}{(interpretation.Failed ? ", failed" : "")}{(interpretation.Reason is { Length: > 0 } why ? $": {why}" : "")}");
        }
        parts.AddRange((metric.Diagnostics ?? []).Select(d => $"{d.Severity.ToString().ToLowerInvariant()}: {d.Message}"));
        return string.Join("; ", parts);
    }

    private static string StatusName(ValueStatus status) => status switch
    {
        ValueStatus.Ok => "ok",
        ValueStatus.Inconclusive => "inconclusive",
        ValueStatus.Error => "error",
        _ => "not_applicable",
    };

    private static ValueStatus? ParseStatus(string name) =>
        Enum.GetValues<ValueStatus>().Cast<ValueStatus?>().FirstOrDefault(s => StatusName(s!.Value) == name);
}
