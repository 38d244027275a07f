using System.Diagnostics.CodeAnalysis;
using Harness.Core;
using Harness.Core.Costs;
using Harness.Core.Metrics;
using Harness.Core.Models;
using Harness.Metrics.Answer;
using Harness.Metrics.Cost;
using Harness.Metrics.Faithfulness;
using Harness.Metrics.Fluency;
using Harness.Metrics.Latency;
using Harness.Metrics.Relevance;
using Harness.Metrics.Retrieval;
using Harness.Metrics.Traceability;
using Microsoft.Extensions.AI;

namespace Harness.Metrics;

/// <summary>
/// The registry of metric families a suite can name in its <c>metrics:</c> list. "hallucination" is
/// an alias of "faithfulness": one <see cref="FaithfulnessMetric"/> scores the claims once and
/// reports both families' ids, so naming both families runs it once.
/// </summary>
public sealed class DefaultMetrics
{
    private readonly Dictionary<string, IMetric> _metrics;

    private DefaultMetrics(Dictionary<string, IMetric> metrics) => _metrics = metrics;

    /// <summary>The registry of every family.</summary>
    /// <param name="supportScorer">Decides claim support for faithfulness; the lexical scorer by default.</param>
    /// <param name="retrievalCutoffs">The k of precision@k, recall@k, hit@k and nDCG@k; <see cref="RetrievalMetric.DefaultCutoffs"/> by default.</param>
    /// <param name="costRates">The suite's <c>cost:</c> block, which adds a price per case; none by default.</param>
    /// <param name="fluencyModel">The reference model of the fluency family; without one the family is not available.</param>
    /// <param name="embedder">The sentence embedder of the relevance family; without one the family is not available.</param>
    public static DefaultMetrics Create(
        ISupportScorer? supportScorer = null, IReadOnlyList<int>? retrievalCutoffs = null, CostRates? costRates = null,
        ITokenLogProbabilities? fluencyModel = null, IEmbeddingGenerator<string, Embedding<float>>? embedder = null)
    {
        supportScorer ??= new LexicalSupportScorer();
        var faithfulness = new FaithfulnessMetric(supportScorer);
        var metrics = new Dictionary<string, IMetric>(StringComparer.OrdinalIgnoreCase)
        {
            [KnownMetrics.Retrieval.Name] = new RetrievalMetric(retrievalCutoffs ?? RetrievalMetric.DefaultCutoffs),
            [KnownMetrics.Answer.Name] = new AnswerMetric(),
            [KnownMetrics.Label.Name] = new LabelMetric(),
            [KnownMetrics.Faithfulness.Name] = faithfulness,
            [KnownMetrics.Hallucination.Name] = faithfulness,
            [KnownMetrics.Latency.Name] = new LatencyMetric(),
            [KnownMetrics.Cost.Name] = new CostMetric(costRates),
            [KnownMetrics.Traceability.Name] = new TraceabilityMetric(supportScorer),
        };
        if (fluencyModel is not null)
        {
            metrics[KnownMetrics.Fluency.Name] = new PerplexityMetric(fluencyModel);
        }
        if (embedder is not null)
        {
            metrics[KnownMetrics.Relevance.Name] = new RelevanceMetric(embedder);
        }
        return new DefaultMetrics(metrics);
    }

    /// <summary>Every family name a suite may write, aliases included.</summary>
    public IReadOnlyCollection<string> Names => _metrics.Keys;

    /// <summary>Every per-case metric any family produces.</summary>
    public IReadOnlyList<MetricDescriptor> Descriptors => [.. _metrics.Values.Distinct().SelectMany(m => m.Descriptors)];

    /// <summary>Every per-pipeline aggregate that is not a mean of per-case values (corpus BLEU).</summary>
    public IReadOnlyList<MetricDescriptor> CorpusDescriptors =>
        [.. _metrics.Values.Distinct().OfType<ICorpusMetric>().SelectMany(m => m.CorpusDescriptors)];

    /// <summary>Every figure a registered family adds per pipeline once the cases are done (the cost family's totals).</summary>
    public IReadOnlyList<MetricDescriptor> AggregateDescriptors =>
        [.. _metrics.Values.Distinct().OfType<IRunAggregateMetric>().SelectMany(m => m.AggregateDescriptors)];

    public bool TryGet(string name, [NotNullWhen(true)] out IMetric? metric) => _metrics.TryGetValue(name, out metric);

    /// <summary>
    /// One metric that runs the named families in the order first named, each metric once. Suite
    /// validation reports unknown names first; here an unknown name is a programming error.
    /// </summary>
    public CompositeMetric Resolve(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var metrics = new List<IMetric>();
        foreach (var name in names)
        {
            if (!TryGet(name, out var metric))
            {
                throw new ArgumentException($"unknown metric family '{name}'; known: {string.Join(", ", Names.Order(StringComparer.Ordinal))}", nameof(names));
            }
            if (!metrics.Contains(metric))
            {
                metrics.Add(metric);
            }
        }
        return new CompositeMetric(metrics);
    }
}
