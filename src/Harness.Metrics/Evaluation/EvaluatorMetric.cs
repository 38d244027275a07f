using Harness.Core.Metrics;
using Harness.Core.Suites;
using Microsoft.Extensions.AI.Evaluation;

namespace Harness.Metrics.Evaluation;

/// <summary>
/// An MEAI <see cref="IEvaluator"/> as a harness metric family (<see cref="EvaluatorDefinition"/>): each case goes to it
/// as a conversation (<see cref="CaseConversation.Of"/>) with the suite's judge as its chat configuration, and each
/// metric it returns becomes the values the suite declared for it (<see cref="MetricValueMapping"/>). A throwing
/// evaluator is isolated by the run's <see cref="CompositeMetric"/>: error values for this case, and the run goes on.
/// </summary>
public sealed class EvaluatorMetric : IMetric
{
    private readonly IEvaluator _evaluator;
    private readonly EvaluatorDefinition _definition;
    private readonly ChatConfiguration? _judge;

    /// <exception cref="InvalidOperationException">The evaluator's <see cref="IEvaluator.EvaluationMetricNames"/> are not the ones the suite declares.</exception>
    public EvaluatorMetric(IEvaluator evaluator, EvaluatorDefinition definition, ChatConfiguration? judge)
    {
        ArgumentNullException.ThrowIfNull(evaluator);
        ArgumentNullException.ThrowIfNull(definition);
        var declared = definition.Metrics.Select(m => m.Name).ToArray();
        var missing = declared.Except(evaluator.EvaluationMetricNames, StringComparer.Ordinal).ToArray();
        var undeclared = evaluator.EvaluationMetricNames.Except(declared, StringComparer.Ordinal).ToArray();
        if (missing.Length > 0 || undeclared.Length > 0)
        {
            throw new InvalidOperationException(
                $"evaluator '{definition.TypeName}' returns [{string.Join(", ", evaluator.EvaluationMetricNames)}], and the suite's 'returns:' declares [{string.Join(", ", declared)}]"
                + (missing.Length > 0 ? $"; it never returns {string.Join(", ", missing.Select(n => $"'{n}'"))}" : "")
                + (undeclared.Length > 0 ? $"; {string.Join(", ", undeclared.Select(n => $"'{n}'"))} {(undeclared.Length == 1 ? "is" : "are")} not declared" : "")
                + " - make 'returns:' list exactly its EvaluationMetricNames");
        }
        _evaluator = evaluator;
        _definition = definition;
        _judge = judge;
        Descriptors = [.. definition.ToMetricFamily().Metrics.Select(spec => spec.Describe(definition.Family))];
    }

    public string Name => _definition.Family;

    public IReadOnlyList<MetricDescriptor> Descriptors { get; }

    public async ValueTask<IReadOnlyList<MetricValue>> EvaluateAsync(MetricContext context, CancellationToken cancellationToken)
    {
        var conversation = CaseConversation.Of(context);
        var result = await _evaluator.EvaluateAsync(conversation.Messages, conversation.Response, _judge, conversation.Contexts, cancellationToken).ConfigureAwait(false);
        var values = new List<MetricValue>(Descriptors.Count);
        foreach (var metric in _definition.Metrics)
        {
            if (!result.Metrics.TryGetValue(metric.Name, out var returned))
            {
                values.AddRange(metric.Ids.Select(id => MetricValue.Error(id, $"evaluator '{_definition.TypeName}' returned no '{metric.Name}' for this case")));
            }
            else if (metric.Kind == EvaluatorMetricKind.String)
            {
                values.AddRange(MetricValueMapping.ToValueShares(returned, metric.Values, metric.ValueId));
            }
            else
            {
                values.Add(MetricValueMapping.ToMetricValue(returned, metric.Id, metric.Kind));
            }
        }
        return values;
    }
}
