using Harness.Core.Metrics;
using Harness.Core.Results;

namespace Harness.Metrics;

/// <summary>
/// Runs several metrics for a case as one. A metric that throws does not affect the others: each of
/// its descriptors gets an error value carrying the exception message, and a descriptor a metric left
/// without a value gets an error too, so every descriptor has exactly one value. Cancellation is
/// not isolated: it stops the whole evaluation. The same isolation applies to the corpus metrics
/// among the parts; the parts' run aggregates are gathered as they are.
/// </summary>
public sealed class CompositeMetric : IMetric, ICorpusMetric, IRunAggregateMetric, IDisposable
{
    private readonly IReadOnlyList<IMetric> _metrics;

    /// <param name="metrics">The parts, evaluated one after the other in this order; their descriptor ids must be distinct.</param>
    public CompositeMetric(IEnumerable<IMetric> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        _metrics = metrics.ToArray();
        Descriptors = [.. _metrics.SelectMany(metric => metric.Descriptors)];
        CorpusDescriptors = [.. _metrics.OfType<ICorpusMetric>().SelectMany(metric => metric.CorpusDescriptors)];
        AggregateDescriptors = [.. _metrics.OfType<IRunAggregateMetric>().SelectMany(metric => metric.AggregateDescriptors)];
        var duplicate = Descriptors.Concat(CorpusDescriptors).Concat(AggregateDescriptors).GroupBy(d => d.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"metric id '{duplicate.Key}' is produced by more than one metric", nameof(metrics));
        }
        Name = string.Join('+', _metrics.Select(metric => metric.Name));
    }

    public string Name { get; }

    public IReadOnlyList<IMetric> Metrics => _metrics;

    public IReadOnlyList<MetricDescriptor> Descriptors { get; }

    public IReadOnlyList<MetricDescriptor> CorpusDescriptors { get; }

    public IReadOnlyList<MetricDescriptor> AggregateDescriptors { get; }

    public IReadOnlyList<MetricSummary> Aggregate(RunResult run) =>
        [.. _metrics.OfType<IRunAggregateMetric>().SelectMany(metric => metric.Aggregate(run))];

    public async ValueTask<IReadOnlyList<MetricValue>> EvaluateAsync(MetricContext context, CancellationToken cancellationToken)
    {
        var values = new List<MetricValue>(Descriptors.Count);
        foreach (var metric in _metrics)
        {
            values.AddRange(await IsolatedAsync(metric.Name, metric.Descriptors, () => metric.EvaluateAsync(context, cancellationToken), cancellationToken).ConfigureAwait(false));
        }
        return values;
    }

    public async ValueTask<IReadOnlyList<MetricValue>> EvaluateCorpusAsync(IReadOnlyList<MetricContext> contexts, CancellationToken cancellationToken)
    {
        var values = new List<MetricValue>(CorpusDescriptors.Count);
        foreach (var metric in _metrics.OfType<ICorpusMetric>())
        {
            values.AddRange(await IsolatedAsync(metric.Name, metric.CorpusDescriptors, () => metric.EvaluateCorpusAsync(contexts, cancellationToken), cancellationToken).ConfigureAwait(false));
        }
        return values;
    }

    /// <summary>Disposes the parts that hold resources (a loaded model, an embedder).</summary>
    public void Dispose()
    {
        foreach (var metric in _metrics.OfType<IDisposable>())
        {
            metric.Dispose();
        }
    }

    private static async ValueTask<IEnumerable<MetricValue>> IsolatedAsync(
        string name,
        IReadOnlyList<MetricDescriptor> descriptors,
        Func<ValueTask<IReadOnlyList<MetricValue>>> evaluate,
        CancellationToken cancellationToken)
    {
        IReadOnlyList<MetricValue> produced;
        try
        {
            produced = await evaluate().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception)
        {
            // Isolation is the point: whatever one metric throws becomes its own error values.
            return descriptors.AllErrors($"metric '{name}' failed: {exception.GetType().Name}: {exception.Message}");
        }
        var byId = produced.ToLookup(value => value.MetricId, StringComparer.Ordinal);
        return descriptors.Select(descriptor => byId[descriptor.Id].FirstOrDefault()
            ?? MetricValue.Error(descriptor.Id, $"metric '{name}' returned no value for {descriptor.Id}"));
    }
}
