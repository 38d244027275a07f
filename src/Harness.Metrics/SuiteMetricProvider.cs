using Harness.Core;
using Harness.Core.Data;
using Harness.Core.Metrics;
using Harness.Core.Models;
using Harness.Core.Results;
using Harness.Core.Running;
using Harness.Core.Suites;
using Harness.Metrics.Evaluation;
using Harness.Metrics.Faithfulness;
using Harness.Metrics.Retrieval;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;

namespace Harness.Metrics;

/// <summary>
/// Resolves a suite's <c>metrics:</c> list (families or single ids such as "recall@20") to one composite
/// metric. Every k the suite names, in its metrics or gates, is added to the default retrieval cut-offs.
/// Faithfulness judges claims with <paramref name="supportScorer"/> (lexical by default), which the run
/// records as <paramref name="scorerInfo"/> when the suite measures faithfulness or hallucination.
/// The fluency and relevance families need a model: <paramref name="fluencyModels"/> loads the suite's
/// reference model (<c>models.fluency</c>, else its generator) and <paramref name="embedders"/> makes the
/// suite's sentence embedder (<c>models.embedder</c>) by name; each is called only when the suite names its family.
/// The suite's MEAI evaluators (<see cref="SuiteDefinition.Evaluators"/>) are loaded (<see cref="EvaluatorLoader"/>) and
/// run after the built-in families, with <paramref name="judge"/> (the suite's judge model, when it names one) as their
/// chat configuration.
/// </summary>
public sealed class SuiteMetricProvider(
    ISupportScorer? supportScorer = null,
    SupportScorerInfo? scorerInfo = null,
    Func<SuiteDefinition, ITokenLogProbabilities>? fluencyModels = null,
    Func<SuiteDefinition, Corpus, IEmbeddingGenerator<string, Embedding<float>>>? embedders = null,
    IChatClient? judge = null) : IMetricProvider
{
    private readonly ISupportScorer _scorer = supportScorer ?? new LexicalSupportScorer();

    public SupportScorerInfo? SupportScorer(SuiteDefinition suite)
    {
        ArgumentNullException.ThrowIfNull(suite);
        var judges = suite.Metrics.Any(KnownMetrics.NeedsSupportScorer);
        return judges ? scorerInfo ?? new SupportScorerInfo(_scorer.Name, _scorer.Identity) : null;
    }

    public IMetric Resolve(SuiteDefinition suite, Corpus corpus)
    {
        ArgumentNullException.ThrowIfNull(suite);
        var named = suite.Metrics.Concat(suite.Gates.SelectMany(g => g.MetricIds)).ToArray();
        // A sweep's variants are also measured at their own top_k: the learning curve of recall@k against k.
        var sweptTopK = suite.Sweeps.SelectMany(s => s.Variants).Select(v => v.Pipeline.Retriever?.TopK).OfType<int>();
        var cutoffs = RetrievalMetric.DefaultCutoffs
            .Concat(named.Select(id => KnownMetrics.SplitCutoff(id)?.K).OfType<int>())
            .Concat(sweptTopK)
            .Distinct()
            .Order()
            .ToArray();
        var families = suite.Metrics.Select(name => KnownMetrics.IsFamily(name) ? name : KnownMetrics.FamilyOf(name) ?? name).Distinct().ToArray();
        var fluency = families.Contains(KnownMetrics.Fluency.Name, StringComparer.OrdinalIgnoreCase)
            ? (fluencyModels ?? throw new InvalidOperationException($"suite '{suite.Name}' asks for fluency, which needs a local model; this host provides none"))(suite)
            : null;
        var embedder = families.Contains(KnownMetrics.Relevance.Name, StringComparer.OrdinalIgnoreCase)
            ? (embedders ?? throw new InvalidOperationException($"suite '{suite.Name}' asks for relevance, which needs a sentence embedder; this host provides none"))(suite, corpus)
            : null;
        var builtIn = DefaultMetrics.Create(_scorer, cutoffs, suite.Cost, fluency, embedder).Resolve(families);
        if (suite.Evaluators.Count == 0)
        {
            return builtIn;
        }
        var configuration = judge is null ? null : new ChatConfiguration(judge);
        return new CompositeMetric([.. builtIn.Metrics, .. suite.Evaluators.Select(e => new EvaluatorMetric(EvaluatorLoader.Load(e), e, configuration))]);
    }
}
