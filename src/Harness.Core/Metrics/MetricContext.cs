using Harness.Core.Data;
using Harness.Core.Pipelines;

namespace Harness.Core.Metrics;

/// <summary>
/// Everything a metric may look at for one case of one pipeline: the case, the answer and the corpus that most
/// metrics read, and <see cref="Items"/> for inputs only some need, by type, the way MEAI passes
/// <c>EvaluationContext</c>s: a metric asks for <see cref="Get{T}"/>, and a new input is a new item type supplied by
/// an <see cref="IMetricContextSource"/>, not an edit to this record.
/// </summary>
public sealed record MetricContext(
    EvalCase Case,
    PipelineOutput Output,
    bool PipelineRetrieves,
    Corpus Corpus,
    LabelMapping? LabelMapping)
{
    /// <summary>Typed inputs from the run's <see cref="IMetricContextSource"/>s (a reference store, a tokenizer, a judge).</summary>
    public IReadOnlyList<object> Items { get; init; } = [];

    /// <summary>The first item of type <typeparamref name="T"/>, or null when no source supplied one.</summary>
    public T? Get<T>()
        where T : class => Items.OfType<T>().FirstOrDefault();
}

/// <summary>
/// Supplies typed <see cref="MetricContext.Items"/> for each case a metric evaluates; a metric provider names its
/// sources (<see cref="Running.IMetricProvider.ContextSources"/>) beside the metrics that read them.
/// </summary>
public interface IMetricContextSource
{
    IEnumerable<object> ItemsFor(EvalCase evalCase, PipelineOutput output);
}

/// <summary>What every <see cref="MetricContext"/> of a run is made from: the corpus, the suite's labels and the context sources.</summary>
public sealed record MetricInputs(Corpus Corpus, LabelMapping? Labels, IReadOnlyList<IMetricContextSource> Sources)
{
    /// <summary>The inputs of a run without context sources.</summary>
    public MetricInputs(Corpus corpus, LabelMapping? labels)
        : this(corpus, labels, [])
    {
    }

    /// <summary>The inputs of a suite's run over <paramref name="corpus"/>: its labels and the provider's context sources.</summary>
    public static MetricInputs Of(Running.IMetricProvider provider, Suites.SuiteDefinition suite, Corpus corpus)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(suite);
        return new(corpus, suite.Labels, provider.ContextSources(suite, corpus));
    }

    public MetricContext For(EvalCase evalCase, PipelineOutput output, bool pipelineRetrieves) =>
        new(evalCase, output, pipelineRetrieves, Corpus, Labels) { Items = [.. Sources.SelectMany(s => s.ItemsFor(evalCase, output))] };
}
