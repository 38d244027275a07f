using Harness.Core.Data;
using Harness.Core.Metrics;
using Harness.Core.Pipelines;
using Harness.Core.Results;

namespace Harness.Core.Running;

/// <summary>
/// Turns a pipeline result into a case result: the metric's values for an output, or an error value for
/// every metric when the case could not be imported or the pipeline failed (an error never passes).
/// </summary>
public sealed class CaseScorer(IMetric metric, MetricInputs inputs)
{
    public IReadOnlyList<MetricDescriptor> Descriptors => metric.Descriptors;

    public async Task<CaseResult> ScoreAsync(
        EvalCase evalCase, IPipeline pipeline, PipelineResult result, bool warmUp, CancellationToken cancellationToken)
    {
        if (result.Output is not { } output)
        {
            var error = result.Error ?? "the pipeline returned no output";
            return new CaseResult(evalCase.Id, pipeline.Name, null, error, [.. Descriptors.Select(d => MetricValue.Error(d.Id, error))]);
        }
        var values = await metric.EvaluateAsync(inputs.For(evalCase, output, pipeline.Retrieves), cancellationToken).ConfigureAwait(false);
        if (warmUp)
        {
            // The first answers of a freshly loaded model pay for warm-up; docs/architecture.md ("Latency") excludes them from latency.
            var latencyIds = Descriptors.Where(KnownMetrics.IsTiming).Select(d => d.Id).ToHashSet();
            values = [.. values.Select(v => latencyIds.Contains(v.MetricId) && v.Status == ValueStatus.Ok
                ? MetricValue.Inconclusive(v.MetricId, "warm-up case, excluded from latency")
                : v)];
        }
        return new CaseResult(evalCase.Id, pipeline.Name, output, null, values);
    }

    /// <summary>The result of a case whose dataset row could not be imported.</summary>
    public CaseResult ImportFailure(EvalCase evalCase, IPipeline pipeline) =>
        new(evalCase.Id, pipeline.Name, null, evalCase.ImportError,
            [.. Descriptors.Select(d => MetricValue.Error(d.Id, $"case not imported: {evalCase.ImportError}"))]);
}
