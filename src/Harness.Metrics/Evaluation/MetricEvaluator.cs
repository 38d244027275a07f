using Harness.Core.Metrics;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;

namespace Harness.Metrics.Evaluation;

/// <summary>
/// Any harness metric family as an MEAI <see cref="IEvaluator"/>: <c>new MetricEvaluator(new FaithfulnessMetric(scorer))
/// .EvaluateAsync(messages, response, chatConfiguration, [RetrievedPassagesContext.FromTexts(…)])</c>. The case is
/// rebuilt from the inputs (<see cref="CaseConversation.ToMetricContext"/>) and scored by the same
/// <see cref="IMetric.EvaluateAsync"/> a run calls, so each returned metric, named by its harness id, has the value,
/// status and reason the run would record (<see cref="MetricValueMapping"/>). The chat configuration is not read:
/// a family that judges takes its judge in its constructor (a support scorer), as in a run.
/// </summary>
public sealed class MetricEvaluator : IEvaluator
{
    private readonly IMetric _metric;
    private readonly LabelMapping? _labels;

    /// <param name="metric">The family, e.g. <c>new AnswerMetric()</c>, or several from <see cref="DefaultMetrics.Resolve"/>.</param>
    /// <param name="labels">The suite's label rules, for the label family and faithfulness on classification answers.</param>
    public MetricEvaluator(IMetric metric, LabelMapping? labels = null)
    {
        ArgumentNullException.ThrowIfNull(metric);
        _metric = metric;
        _labels = labels;
        EvaluationMetricNames = [.. metric.Descriptors.Select(d => d.Id)];
    }

    public IReadOnlyCollection<string> EvaluationMetricNames { get; }

    public async ValueTask<EvaluationResult> EvaluateAsync(
        IEnumerable<ChatMessage> messages,
        ChatResponse modelResponse,
        ChatConfiguration? chatConfiguration = null,
        IEnumerable<EvaluationContext>? additionalContext = null,
        CancellationToken cancellationToken = default)
    {
        var context = CaseConversation.ToMetricContext(messages, modelResponse, additionalContext, _labels);
        var values = await _metric.EvaluateAsync(context, cancellationToken).ConfigureAwait(false);
        var descriptors = _metric.Descriptors.ToDictionary(d => d.Id, StringComparer.Ordinal);
        return new EvaluationResult(values.Select(value => MetricValueMapping.ToEvaluationMetric(value, descriptors[value.MetricId])));
    }
}
