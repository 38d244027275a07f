using Harness.Core.Configuration;
using Harness.Core.Metrics;
using NUnit.Framework;

namespace Harness.Core.Tests.Suites;

public class KnownMetricsTests
{
    [TestCase("recall@5", "retrieval")]
    [TestCase("ndcg@100", "retrieval")]
    [TestCase("mrr", "retrieval")]
    [TestCase("token_f1", "answer")]
    [TestCase("label_accuracy", "label")]
    [TestCase("abstention", "faithfulness")]
    [TestCase("unsupported_wrong_rate", "hallucination")]
    [TestCase("ttft_ms", "latency")]
    public void AKnownIdBelongsToItsFamily(string id, string family) => Assert.That(KnownMetrics.FamilyOf(id), Is.EqualTo(family));

    [TestCase("recall@0")]
    [TestCase("recall@k")]
    [TestCase("recall@-1")]
    [TestCase("mrr@5")]
    [TestCase("retrieval")]
    [TestCase("f1")]
    public void AnythingElseIsUnknown(string id) => Assert.That(KnownMetrics.IsKnown(id), Is.False);

    [TestCase("recal@5", "recall@5")]
    [TestCase("recall@", "recall@5")]
    [TestCase("ndgc@10", "ndcg@10")]
    [TestCase("token-f1", "token_f1")]
    [TestCase("retreival", "retrieval")]
    [TestCase("hallucinaton", "hallucination")]
    public void AMisspeltNameSuggestsTheClosestKeepingItsK(string name, string suggestion) =>
        Assert.That(KnownMetrics.Suggest(name), Is.EqualTo(suggestion));

    [Test]
    public void AMetricAtAnyCutoffIsDescribedByItsFamilysDeclaration()
    {
        var recall = KnownMetrics.Describe("recall@7");

        Assert.That(
            (recall.Id, recall.DisplayName, recall.Family, recall.IsRatio, recall.HigherIsBetter, recall.Proportion),
            Is.EqualTo(("recall@7", "Recall@7", "retrieval", true, true, false)));
    }

    [Test]
    public void HitAtKIsAProportionBecauseEachCaseEitherHitsOrNot() =>
        Assert.That(KnownMetrics.Describe("hit@3").Proportion, Is.True);

    [Test]
    public void APricedCostMetricIsNamedInTheSuitesCurrencyAndNeedsOne()
    {
        var total = KnownMetrics.Describe("cost_total", "EUR");

        Assert.Multiple(() =>
        {
            Assert.That((total.DisplayName, total.Unit, total.HigherIsBetter), Is.EqualTo(("Cost (total, EUR)", "EUR", false)));
            Assert.That(() => KnownMetrics.Describe("cost_total"), Throws.ArgumentException.With.Message.Contains("currency"));
        });
    }

    [Test]
    public void PerplexityHasAUnitSoItIsNeitherChartedNorMarginedAsA0To1Ratio()
    {
        // Perplexity is ≥ 1 (the effective number of equally likely next tokens); the smoke runs see 4–130.
        var perplexity = KnownMetrics.Describe("perplexity");

        Assert.That((perplexity.IsRatio, perplexity.HigherIsBetter), Is.EqualTo((false, false)));
    }

    [Test]
    public void AnUnknownIdCannotBeDescribedAndTheErrorSuggestsTheClosest() =>
        Assert.That(() => KnownMetrics.Describe("recal@5"), Throws.ArgumentException.With.Message.Contains("did you mean 'recall@5'"));

    [Test]
    public void TimingBehaviourFollowsTheFamilysDeclarationNotItsName()
    {
        Assert.Multiple(() =>
        {
            // The latency family declares Timing; its metrics get the warm-up, replay, percentile and charting rules.
            Assert.That(KnownMetrics.IsTiming(KnownMetrics.Describe("latency_total_ms")), Is.True);
            Assert.That(KnownMetrics.IsTiming(KnownMetrics.Describe("ttft_ms")), Is.True);
            // Cost's wall_s is in seconds too, but the cost family declares no timing: it is a cost, summarised as a mean.
            Assert.That(KnownMetrics.IsTiming(KnownMetrics.Describe("wall_s")), Is.False);
            Assert.That(KnownMetrics.IsTiming(KnownMetrics.Describe("token_f1")), Is.False);
            // A family outside the registry declares nothing.
            Assert.That(KnownMetrics.IsTiming(new MetricDescriptor("custom_ms", "Custom", "custom", "ms", HigherIsBetter: false)), Is.False);
        });
    }

    [TestCase("ndcg@0", "unknown metric 'ndcg@0' - in ndcg@k, k is the cut-off: a whole number of 1 or more, e.g. ndcg@5")]
    [TestCase("recall@x", "unknown metric 'recall@x' - in recall@k, k is the cut-off: a whole number of 1 or more, e.g. recall@5")]
    public void ACutoffThatIsNotAPositiveWholeNumberIsExplainedNotRespelt(string name, string message) =>
        Assert.That(KnownMetrics.Unknown(name, "a metric id"), Is.EqualTo(message));

    [Test]
    public void ASuggestionNeverRepeatsTheInput() =>
        Assert.That(Suggestions.Closest("ndcg@0", ["ndcg@0", "ndcg@5"]), Is.EqualTo("ndcg@5"));

    [TestCase("rouge_l", 0.0, 1.0)]
    [TestCase("semantic_similarity", -1.0, 1.0)]
    [TestCase("perplexity", 1.0, double.PositiveInfinity)]
    [TestCase("latency_total_ms", 0.0, double.PositiveInfinity)]
    public void EachMetricDeclaresTheValuesItTakes(string id, double minimum, double maximum) =>
        Assert.That(KnownMetrics.Range(id), Is.EqualTo((minimum, maximum)));

    [Test]
    public void ANameFarFromEveryMetricSuggestsNothing() => Assert.That(KnownMetrics.Suggest("xylophone"), Is.Null);

    [TestCase("kitten", "sitting", 3)]
    [TestCase("recall", "recal", 1)]
    [TestCase("ndcg", "ndgc", 1)]
    [TestCase("", "abc", 3)]
    public void EditDistanceCountsInsertionsDeletionsSubstitutionsAndSwaps(string a, string b, int distance) =>
        Assert.That(Suggestions.Distance(a, b), Is.EqualTo(distance));
}
