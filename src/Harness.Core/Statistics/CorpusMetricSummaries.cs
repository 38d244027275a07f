using Harness.Core.Metrics;
using Harness.Core.Results;

namespace Harness.Core.Statistics;

/// <summary>
/// Per-pipeline summaries of corpus metrics (corpus BLEU) for a finished run, next to the per-case
/// summaries: each pipeline's cases that produced an output, in case order, go to
/// <see cref="ICorpusMetric.EvaluateCorpusAsync"/>, and resampling those cases gives the 95% CI
/// (the same summary a threshold gate on a corpus metric decides on).
/// </summary>
public static class CorpusMetricSummaries
{
    /// <summary>The interval method of a corpus metric: BCa over resampled cases, the statistic recomputed on each.</summary>
    public const string CaseBootstrap = "bca-case-bootstrap";

    /// <param name="metric">Usually the run's composite metric, which runs every corpus metric among its parts.</param>
    /// <param name="run">The run: its pipelines, cases and case results.</param>
    /// <param name="inputs">The corpus, labels and context sources the cases were scored with.</param>
    /// <param name="seed">The run's seed, so the intervals are reproducible.</param>
    /// <param name="cancellationToken">Stops the evaluation.</param>
    public static async Task<IReadOnlyList<MetricSummary>> ComputeAsync(
        ICorpusMetric metric, RunResult run, MetricInputs inputs, int seed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(metric);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(run);
        var order = run.Cases.Select((c, i) => (c.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        var cases = run.Cases.ToDictionary(c => c.Id, StringComparer.Ordinal);
        var summaries = new List<MetricSummary>();
        foreach (var pipeline in run.Pipelines)
        {
            var results = run.Results.Where(r => r.Pipeline == pipeline.Name).ToArray();
            var contexts = results
                .Where(r => r.Output is not null && cases.ContainsKey(r.CaseId))
                .OrderBy(r => order[r.CaseId])
                .Select(r => inputs.For(cases[r.CaseId], r.Output!, pipeline.Retrieves))
                .ToArray();
            var failed = results.Length - contexts.Length;
            foreach (var descriptor in metric.CorpusDescriptors)
            {
                var ci = await Bootstrap.StatisticConfidenceIntervalAsync(
                    contexts, sample => ValueOf(metric, descriptor.Id, sample, cancellationToken), seed).ConfigureAwait(false);
                summaries.Add(ci is { } interval
                    ? new MetricSummary(pipeline.Name, descriptor.Id, interval.Estimate, interval.Low, interval.High, contexts.Length, 0, failed)
                    {
                        Interval = CaseBootstrap,
                        SmallSample = contexts.Length < MetricIntervals.DefaultMinimumN,
                    }
                    : new MetricSummary(pipeline.Name, descriptor.Id, null, null, null, 0, contexts.Length, failed) { SmallSample = true });
            }
        }
        return summaries;
    }

    private static async ValueTask<double?> ValueOf(ICorpusMetric metric, string id, IReadOnlyList<MetricContext> contexts, CancellationToken cancellationToken)
    {
        var values = await metric.EvaluateCorpusAsync(contexts, cancellationToken).ConfigureAwait(false);
        return values.FirstOrDefault(v => v.MetricId == id) is { Status: ValueStatus.Ok, Value: { } value } ? value : null;
    }
}
