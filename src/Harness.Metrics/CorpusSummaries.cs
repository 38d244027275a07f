using Harness.Core.Data;
using Harness.Core.Metrics;
using Harness.Core.Results;

namespace Harness.Metrics;

/// <summary>
/// Per-pipeline summaries of corpus metrics (corpus BLEU) for a finished run, next to the per-case
/// summaries: each pipeline's cases that produced an output, in case order, go to
/// <see cref="ICorpusMetric.EvaluateCorpusAsync"/> once. The value is the summary's mean; there is
/// no confidence interval (resampling a corpus statistic is the statistics code's to offer).
/// </summary>
public static class CorpusSummaries
{
    /// <param name="metric">Usually the run's <see cref="CompositeMetric"/>, which runs every corpus metric among its parts.</param>
    /// <param name="run">The run: its pipelines, cases and case results.</param>
    /// <param name="corpus">The dataset's corpus, as the cases were scored with.</param>
    /// <param name="labels">The suite's label mapping, as the cases were scored with.</param>
    /// <param name="cancellationToken">Stops the evaluation.</param>
    public static async Task<IReadOnlyList<MetricSummary>> ComputeAsync(
        ICorpusMetric metric, RunResult run, Corpus corpus, LabelMapping? labels, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(metric);
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
                .Select(r => new MetricContext(cases[r.CaseId], r.Output!, pipeline.Retrieves, corpus, labels))
                .ToArray();
            var failed = results.Length - contexts.Length;
            foreach (var value in await metric.EvaluateCorpusAsync(contexts, cancellationToken).ConfigureAwait(false))
            {
                summaries.Add(value.Status switch
                {
                    ValueStatus.Ok => new MetricSummary(pipeline.Name, value.MetricId, value.Value, null, null, contexts.Length, 0, failed),
                    ValueStatus.Inconclusive => new MetricSummary(pipeline.Name, value.MetricId, null, null, null, 0, contexts.Length, failed),
                    _ => new MetricSummary(pipeline.Name, value.MetricId, null, null, null, 0, 0, failed + contexts.Length),
                });
            }
        }
        return summaries;
    }
}
