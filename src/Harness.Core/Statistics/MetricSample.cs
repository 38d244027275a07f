using Harness.Core.Metrics;
using Harness.Core.Results;

namespace Harness.Core.Statistics;

/// <summary>One case's value of one metric in one pipeline, with the status that decides whether it counts.</summary>
public sealed record MetricSample(string CaseId, ValueStatus Status, double? Value, string? Diagnostic);

/// <summary>Reads one metric of one pipeline out of a run's case results, the same way for summaries and gates.</summary>
public static class MetricSamples
{
    /// <summary>
    /// A case whose pipeline failed is an error for every metric that applies to the pipeline (one
    /// some other case of it has, or any metric when every case failed), whatever values it carries;
    /// a case without the metric and without an error, or whose value is not applicable, is skipped
    /// (the metric does not apply to it).
    /// </summary>
    public static IReadOnlyList<MetricSample> For(IEnumerable<CaseResult> results, string pipeline, string metricId)
    {
        ArgumentNullException.ThrowIfNull(results);
        var ofPipeline = results.Where(r => r.Pipeline == pipeline).ToArray();
        var succeeded = ofPipeline.Where(r => r.Error is null).ToArray();
        var applies = succeeded.Length == 0 || succeeded.Any(r => r.Find(metricId) is not null);
        var samples = new List<MetricSample>();
        foreach (var result in ofPipeline)
        {
            if (result.Error is not null)
            {
                if (applies)
                {
                    samples.Add(new MetricSample(result.CaseId, ValueStatus.Error, null, result.Error));
                }
            }
            else if (result.Find(metricId) is { Status: not ValueStatus.NotApplicable } value)
            {
                samples.Add(new MetricSample(result.CaseId, value.Status, value.Status == ValueStatus.Ok ? value.Value : null, value.Diagnostic));
            }
        }
        return samples;
    }
}
