using Harness.Core.Data;
using Harness.Core.Metrics;
using Harness.Metrics.Faithfulness;

namespace Harness.Metrics.Tests.Faithfulness;

public sealed class FaithfulnessMetricTests
{
    private static readonly string[] Evidence = ["Aspirin reduces fever in adults. It was first synthesised in 1897 by Felix Hoffmann."];

    // Three claims against the evidence with the lexical scorer (threshold 0.7):
    // 1. aspirin reduc fever adult: 4/4, supported;
    // 2. first synthesis 1923: 2/3 < 0.7, unsupported;
    // 3. aspirin cur cancer: 1/3, unsupported.
    private const string MixedAnswer = "Aspirin reduces fever in adults. It was first synthesised in 1923. Aspirin also cures cancer.";

    private readonly FaithfulnessMetric _metric = new(new LexicalSupportScorer());

    [Test]
    public async Task ScoresFaithfulnessAndHallucinationFromTheSameClaims()
    {
        var values = await _metric.EvaluateAsync(Contexts.For(MixedAnswer, context: Evidence), CancellationToken.None);

        Assert.That(values.Value("faithfulness").Value, Is.EqualTo(1.0 / 3).Within(1e-12));
        Assert.That(values.Value("claim_hallucination_rate").Value, Is.EqualTo(2.0 / 3).Within(1e-12));
        Assert.That(values.Value("hallucination_rate").Value, Is.EqualTo(1.0));
        Assert.That(values.Value("abstention").Value, Is.Zero);
        Assert.That(values.Value("faithfulness").Diagnostic, Does.StartWith("1 of 3 claims supported (lexical); unsupported: \"It was first synthesised in 1923.\""));
    }

    [Test]
    public async Task ScoresAFullySupportedAnswerAsFaithful()
    {
        var values = await _metric.EvaluateAsync(Contexts.For("Aspirin reduces fever in adults.", context: Evidence), CancellationToken.None);

        Assert.That(values.Value("faithfulness").Value, Is.EqualTo(1.0));
        Assert.That(values.Value("claim_hallucination_rate").Value, Is.Zero);
        Assert.That(values.Value("hallucination_rate").Value, Is.Zero);
    }

    [TestCase("")]
    [TestCase("I don't know.")]
    public async Task ReportsAnAbstentionAndLeavesFaithfulnessInconclusive(string answer)
    {
        var values = await _metric.EvaluateAsync(Contexts.For(answer, ["Aspirin"], context: Evidence, retrieves: false), CancellationToken.None);

        Assert.That(values.Value("abstention").Value, Is.EqualTo(1.0));
        Assert.That(values.Where(v => v.MetricId != "abstention"), Has.All.Property(nameof(MetricValue.Status)).EqualTo(ValueStatus.Inconclusive));
        Assert.That(values.Value("faithfulness").Diagnostic, Is.EqualTo("the answer abstains: no claims"));
    }

    [Test]
    public async Task IsInconclusiveWithoutAContextToJudgeAgainst()
    {
        var values = await _metric.EvaluateAsync(Contexts.For(MixedAnswer), CancellationToken.None);

        Assert.That(values.Value("abstention").Value, Is.Zero);
        Assert.That(values.Value("faithfulness").Status, Is.EqualTo(ValueStatus.Inconclusive));
        Assert.That(values.Value("hallucination_rate").Status, Is.EqualTo(ValueStatus.Inconclusive));
    }

    // Token F1 of the mixed answer (15 normalised tokens) against "Aspirin reduces fever." (3 tokens,
    // all in the answer): P = 3/15, R = 1, F1 = 1/3 < 0.5: wrong. Against itself: F1 = 1: correct.
    [TestCase("Aspirin reduces fever.", 1.0, 0.0)]
    [TestCase(MixedAnswer, 0.0, 1.0)]
    public async Task SplitsClosedBookHallucinationsByCorrectness(string reference, double wrong, double correct)
    {
        var values = await _metric.EvaluateAsync(Contexts.For(MixedAnswer, [reference], context: Evidence, retrieves: false), CancellationToken.None);

        Assert.That(values.Value("unsupported_wrong_rate").Value, Is.EqualTo(wrong));
        Assert.That(values.Value("unsupported_correct_rate").Value, Is.EqualTo(correct));
    }

    [Test]
    public async Task ScoresNoSplitForAClosedBookAnswerWithoutUnsupportedClaims()
    {
        var values = await _metric.EvaluateAsync(Contexts.For("Aspirin reduces fever in adults.", ["fever"], context: Evidence, retrieves: false), CancellationToken.None);

        Assert.That(values.Value("unsupported_wrong_rate").Value, Is.Zero);
        Assert.That(values.Value("unsupported_correct_rate").Value, Is.Zero);
    }

    [Test]
    public async Task LeavesTheSplitInconclusiveForRetrievingPipelines()
    {
        var values = await _metric.EvaluateAsync(Contexts.For(MixedAnswer, ["Aspirin"], context: Evidence, retrieves: true), CancellationToken.None);

        Assert.That(values.Value("unsupported_wrong_rate").Status, Is.EqualTo(ValueStatus.Inconclusive));
        Assert.That(values.Value("unsupported_correct_rate").Status, Is.EqualTo(ValueStatus.Inconclusive));
    }

    [Test]
    public async Task TurnsAnUndecidedClaimIntoErrorsNeverIntoAPass()
    {
        var metric = new FaithfulnessMetric(new ScriptedScorer(SupportVerdict.Supported(1, "ok"), SupportVerdict.Error("garbled")));

        var values = await metric.EvaluateAsync(Contexts.For("First claim here. Second claim here.", ["x"], context: Evidence, retrieves: false), CancellationToken.None);

        Assert.That(values.Value("abstention").Status, Is.EqualTo(ValueStatus.Ok));
        Assert.That(values.Where(v => v.MetricId != "abstention"), Has.All.Property(nameof(MetricValue.Status)).EqualTo(ValueStatus.Error));
        Assert.That(values.Value("faithfulness").Diagnostic, Does.Contain("garbled"));
    }

    [Test]
    public async Task StillCountsAnAnswerWithAnUnsupportedClaimAsHallucinatedWhenAnotherClaimIsUndecided()
    {
        var metric = new FaithfulnessMetric(new ScriptedScorer(SupportVerdict.Unsupported(0, "no"), SupportVerdict.Error("garbled")));

        var values = await metric.EvaluateAsync(Contexts.For("First claim here. Second claim here.", context: Evidence), CancellationToken.None);

        Assert.That(values.Value("hallucination_rate").Value, Is.EqualTo(1.0));
        Assert.That(values.Value("faithfulness").Status, Is.EqualTo(ValueStatus.Error));
        Assert.That(values.Value("claim_hallucination_rate").Status, Is.EqualTo(ValueStatus.Error));
    }

    /// <summary>Returns the given verdicts in order, one per claim.</summary>
    private sealed class ScriptedScorer(params SupportVerdict[] verdicts) : ISupportScorer
    {
        private int _next;

        public string Name => "scripted";

        public ValueTask<SupportVerdict> ScoreAsync(string claim, IReadOnlyList<Passage> context, CancellationToken cancellationToken) =>
            ValueTask.FromResult(verdicts[_next++]);
    }
}
