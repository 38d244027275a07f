namespace Harness.Core.Metrics;

/// <summary>
/// A per-case metric (or family of metrics: retrieval gives precision@k, recall@k, …). Implementations
/// never throw on bad case data: they return error or inconclusive values with a diagnostic.
/// </summary>
public interface IMetric
{
    /// <summary>The suite name of this metric family, e.g. "retrieval", "answer", "faithfulness".</summary>
    string Name { get; }

    IReadOnlyList<MetricDescriptor> Descriptors { get; }

    ValueTask<IReadOnlyList<MetricValue>> EvaluateAsync(MetricContext context, CancellationToken cancellationToken);
}
