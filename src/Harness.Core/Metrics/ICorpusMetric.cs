
namespace Harness.Core.Metrics;

/// <summary>
/// A metric whose per-pipeline aggregate is not the mean of per-case values (corpus BLEU pools n-gram
/// counts over all cases). The runner calls it once per pipeline, after the cases, with the contexts
/// of every case that produced an output; resampling those contexts gives its bootstrap interval.
/// Like <see cref="IMetric"/>, it never throws on bad case data.
/// </summary>
public interface ICorpusMetric
{
    /// <summary>The family name, the same as the <see cref="IMetric.Name"/> of the metric that implements both.</summary>
    string Name { get; }

    IReadOnlyList<MetricDescriptor> CorpusDescriptors { get; }

    ValueTask<IReadOnlyList<MetricValue>> EvaluateCorpusAsync(IReadOnlyList<MetricContext> contexts, CancellationToken cancellationToken);
}
