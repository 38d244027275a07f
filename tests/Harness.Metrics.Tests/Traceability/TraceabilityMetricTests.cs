using Harness.Core.Data;
using Harness.Core.Metrics;
using Harness.Core.Pipelines;
using Harness.Metrics.Faithfulness;
using Harness.Metrics.Traceability;

namespace Harness.Metrics.Tests.Traceability;

public sealed class TraceabilityMetricTests
{
    // The prompt showed [1] = p1 (aspirin) and [2] = p2 (ibuprofen); the gold evidence lies inside p2.
    private static readonly Passage[] _passages =
    [
        new("p1", "doc", 0, 100, "Aspirin reduces fever in adults. It was first synthesised in 1897 by Felix Hoffmann."),
        new("p2", "doc", 100, 200, "Ibuprofen does not treat bacterial infections. Antibiotics are needed for those."),
    ];

    private readonly TraceabilityMetric _metric = new(new LexicalSupportScorer());

    [TestCase("[1]", "[2]", 1.0, 1.0, TestName = "Each claim cites the passage that supports it")]
    [TestCase("[1]", "[1]", 0.5, 0.0, TestName = "A claim citing the wrong passage lowers precision and misses the gold passage")]
    [TestCase("[1]", "[1][2]", 2.0 / 3, 1.0, TestName = "Two citations of one claim are two pairs")]
    public async Task ScoresTheFixtureAnswer(string first, string second, double precision, double recall)
    {
        // Three claims; the third cites nothing, so uncited_claim_rate = 1/3 in every row.
        // Pairs: (aspirin claim, p1) is supported; (ibuprofen claim, p1) is not; (ibuprofen claim, p2) is.
        var answer = $"Aspirin reduces fever in adults {first}. Ibuprofen does not treat bacterial infections {second}. Felix Hoffmann first synthesised aspirin in 1897.";

        var values = await _metric.EvaluateAsync(Context(answer, retrieves: true), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(values.Value("citation_precision").Value, Is.EqualTo(precision).Within(1e-12), values.Value("citation_precision").Diagnostic);
            Assert.That(values.Value("citation_recall").Value, Is.EqualTo(recall).Within(1e-12));
            Assert.That(values.Value("uncited_claim_rate").Value, Is.EqualTo(1.0 / 3).Within(1e-12));
        });
    }

    [Test]
    public async Task ACitationOfAPassageThePromptDidNotShowIsUnsupported()
    {
        var values = await _metric.EvaluateAsync(Context("Aspirin reduces fever in adults [7].", retrieves: true), CancellationToken.None);

        Assert.That(values.Value("citation_precision").Value, Is.Zero);
    }

    [Test]
    public async Task AnAnswerWithoutCitationsHasNoPrecisionAndEveryClaimUncited()
    {
        var values = await _metric.EvaluateAsync(Context("Aspirin reduces fever in adults.", retrieves: true), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(values.Value("citation_precision").Status, Is.EqualTo(ValueStatus.Inconclusive));
            Assert.That(values.Value("citation_recall").Value, Is.Zero);
            Assert.That(values.Value("uncited_claim_rate").Value, Is.EqualTo(1.0));
        });
    }

    [Test]
    public async Task APipelineThatDoesNotRetrieveIsInconclusive()
    {
        var values = await _metric.EvaluateAsync(Context("Aspirin reduces fever in adults [1].", retrieves: false), CancellationToken.None);

        Assert.That(values.Select(v => v.Status), Is.All.EqualTo(ValueStatus.Inconclusive));
    }

    private static MetricContext Context(string answer, bool retrieves) => new(
        new EvalCase { Id = "c1", Question = "q", GoldSpans = [new EvidenceSpan("doc", 120, 130)] },
        new PipelineOutput { Answer = answer, Context = _passages },
        retrieves,
        new Corpus([], []),
        null);
}
