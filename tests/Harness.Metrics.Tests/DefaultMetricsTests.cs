using Harness.Core;
using Harness.Metrics.Faithfulness;

namespace Harness.Metrics.Tests;

public sealed class DefaultMetricsTests
{
    private readonly DefaultMetrics _registry = DefaultMetrics.Create();

    [Test]
    public void ProducesExactlyThePinnedMetricIds() =>
        Assert.That(_registry.Descriptors.Select(d => d.Id), Is.EquivalentTo(new[]
        {
            "precision@1", "precision@5", "precision@10", "recall@1", "recall@5", "recall@10",
            "hit@1", "hit@5", "hit@10", "ndcg@1", "ndcg@5", "ndcg@10", "mrr", "map",
            "exact_match", "token_f1", "rouge_l", "bleu",
            "label_accuracy", "unmapped_rate",
            "faithfulness", "abstention",
            "hallucination_rate", "claim_hallucination_rate", "unsupported_wrong_rate", "unsupported_correct_rate",
            "latency_retrieval_ms", "latency_prompt_ms", "ttft_ms", "latency_generation_ms", "latency_total_ms", "tokens_per_second",
            "prompt_tokens", "completion_tokens", "wall_s",
            "citation_precision", "citation_recall", "uncited_claim_rate",
        }).And.Unique);

    [Test]
    public void AgreesWithTheIdsAndFamiliesSuitesAreValidatedAgainst()
    {
        Assert.That(_registry.Descriptors.Select(d => (d.Id, KnownMetrics.FamilyOf(d.Id))), Is.EqualTo(_registry.Descriptors.Select(d => (d.Id, (string?)d.Family))));
        var known = KnownMetrics.ByFamily.SelectMany(f => f.Value).Select(id => id.Replace("@k", "@5", StringComparison.Ordinal));
        // With a cost block the cost family also prices cases, and the runner adds the pipeline-level cost figures.
        var rates = new Harness.Core.Costs.CostRates();
        var priced = DefaultMetrics.Create(costRates: rates);
        // Fluency and relevance are registered only with their model; their descriptors are static.
        var produced = priced.Descriptors.Concat(priced.CorpusDescriptors).Concat(priced.AggregateDescriptors)
            .Concat([Harness.Metrics.Fluency.PerplexityMetric.Perplexity, Harness.Metrics.Relevance.RelevanceMetric.SemanticSimilarity, Harness.Metrics.Relevance.RelevanceMetric.AnswerRelevance])
            .Select(d => d.Id);
        Assert.That(produced, Is.SupersetOf(known));
        // fluency and relevance need a model; they are registered when one is given.
        Assert.That(KnownMetrics.Families.Except(["fluency", "relevance"]), Is.SubsetOf(_registry.Names));
    }

    [Test]
    public void KeepsCorpusAggregatesApartFromPerCaseMetrics()
    {
        Assert.That(_registry.CorpusDescriptors.Select(d => d.Id), Is.EqualTo(new[] { "corpus_bleu" }));
        Assert.That(_registry.Descriptors.Select(d => d.Id), Does.Not.Contain("corpus_bleu"));
    }

    [Test]
    public void ScoresHallucinationWithTheFaithfulnessMetric()
    {
        Assert.That(_registry.TryGet("hallucination", out var hallucination), Is.True);
        Assert.That(_registry.TryGet("Faithfulness", out var faithfulness), Is.True);
        Assert.That(hallucination, Is.SameAs(faithfulness));
    }

    [Test]
    public void RunsAMetricNamedTwiceOnlyOnce()
    {
        var composite = _registry.Resolve(["answer", "faithfulness", "hallucination", "latency"]);

        Assert.That(composite.Metrics.Select(m => m.Name), Is.EqualTo(new[] { "answer", "faithfulness", "latency" }));
    }

    [Test]
    public void UsesTheGivenSupportScorer()
    {
        var scorer = new LexicalSupportScorer(0.9);

        var registry = DefaultMetrics.Create(scorer);

        Assert.That(registry.TryGet("faithfulness", out var metric), Is.True);
        Assert.That(((FaithfulnessMetric)metric!).Scorer, Is.SameAs(scorer));
    }

    [Test]
    public void UsesTheGivenRetrievalCutoffs() =>
        Assert.That(DefaultMetrics.Create(retrievalCutoffs: [3]).Descriptors.Select(d => d.Id), Does.Contain("recall@3").And.No.Contain("recall@5"));

    [Test]
    public void RefusesAnUnknownFamily() =>
        Assert.That(() => _registry.Resolve(["recal"]), Throws.ArgumentException.With.Message.Contains("unknown metric family 'recal'"));

    [Test]
    public void DescribesEveryMetricCompletely() =>
        Assert.That(_registry.Descriptors, Has.All.Matches<Harness.Core.Metrics.MetricDescriptor>(
            d => d is { DisplayName.Length: > 0, Family.Length: > 0, Format.Length: > 0 }));
}
