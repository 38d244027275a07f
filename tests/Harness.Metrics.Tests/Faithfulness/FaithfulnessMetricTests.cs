using System.Text.RegularExpressions;
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
    public async Task IsInconclusiveForAClosedBookAnswerWithoutGoldEvidence()
    {
        var values = await _metric.EvaluateAsync(Contexts.For(MixedAnswer, retrieves: false), CancellationToken.None);

        Assert.That(values.Value("abstention").Value, Is.Zero);
        Assert.That(values.Value("faithfulness").Status, Is.EqualTo(ValueStatus.Inconclusive));
        Assert.That(values.Value("hallucination_rate").Status, Is.EqualTo(ValueStatus.Inconclusive));
    }

    // A RAG pipeline that retrieved nothing: each of the 3 claims is unsupported, so faithfulness
    // = 0/3 = 0, the claim-level rate = 3/3 = 1 and the answer hallucinated (1).
    [Test]
    public async Task CountsEveryClaimOfARetrievingPipelineThatRetrievedNothingAsUnsupported()
    {
        var values = await _metric.EvaluateAsync(Contexts.For(MixedAnswer, retrieves: true), CancellationToken.None);

        Assert.That(values.Value("faithfulness").Value, Is.Zero);
        Assert.That(values.Value("claim_hallucination_rate").Value, Is.EqualTo(1.0));
        Assert.That(values.Value("hallucination_rate").Value, Is.EqualTo(1.0));
        var claims = values.Value("faithfulness").Claims!;
        Assert.That(claims, Has.Count.EqualTo(3));
        Assert.That(claims, Has.All.Property(nameof(ClaimJudgement.Verdict)).EqualTo(ClaimVerdict.Unsupported));
        Assert.That(claims[0].Reason, Does.Contain("nothing was retrieved"));
        Assert.That(claims[0].Evidence, Is.Null);
    }

    [Test]
    public async Task KeepsEachClaimWithItsVerdictScoreAndTheEvidenceWindowThatDecidedIt()
    {
        var values = await _metric.EvaluateAsync(Contexts.For(MixedAnswer, context: Evidence), CancellationToken.None);

        var claims = values.Value("faithfulness").Claims!;
        Assert.That(claims.Select(c => c.Text), Is.EqualTo(new[]
        {
            "Aspirin reduces fever in adults.", "It was first synthesised in 1923.", "Aspirin also cures cancer.",
        }));
        Assert.That(claims.Select(c => c.Verdict), Is.EqualTo(new[] { ClaimVerdict.Supported, ClaimVerdict.Unsupported, ClaimVerdict.Unsupported }));
        // Coverages from the comment above: 4/4, 2/3 and 1/3.
        Assert.That(claims.Select(c => c.Score!.Value), Is.EqualTo(new[] { 1.0, 2.0 / 3, 1.0 / 3 }).Within(1e-12));
        Assert.That(claims.Select(c => c.Status), Has.All.EqualTo(ValueStatus.Ok));
        Assert.That(claims[0].EvidenceId, Is.EqualTo("p1"));
        Assert.That(claims[0].Evidence, Is.EqualTo("Aspirin reduces fever in adults."));
        Assert.That(claims[1].Evidence, Does.Contain("first synthesised in 1897"));
        Assert.That(values.Where(v => v.MetricId != "faithfulness"), Has.All.Property(nameof(MetricValue.Claims)).Null);
    }

    private static readonly LabelMapping PubMedQaLabels = new(
    [
        new LabelRule("yes", new Regex(@"^\W*yes\b", RegexOptions.IgnoreCase)),
        new LabelRule("no", new Regex(@"^\W*no\b", RegexOptions.IgnoreCase)),
        new LabelRule("maybe", new Regex(@"^\W*maybe\b", RegexOptions.IgnoreCase)),
    ]);

    private static readonly LabelMapping ContractNliLabels = new(
    [
        new LabelRule("Entailment", new Regex(@"entail", RegexOptions.IgnoreCase)),
        new LabelRule("Contradiction", new Regex(@"contradict", RegexOptions.IgnoreCase)),
        new LabelRule("NotMentioned", new Regex(@"not\s*mentioned", RegexOptions.IgnoreCase)),
    ]);

    [TestCase("yes", "pubmedqa")]
    [TestCase("Maybe.", "pubmedqa")]
    [TestCase("Entailment.", "contractnli")]
    [TestCase("Not mentioned.", "contractnli")]
    public async Task AnAnswerThatIsOnlyALabelIsNotApplicable(string answer, string dataset)
    {
        var mapping = dataset == "pubmedqa" ? PubMedQaLabels : ContractNliLabels;

        var values = await _metric.EvaluateAsync(Contexts.For(answer, context: Evidence, labelMapping: mapping), CancellationToken.None);

        Assert.That(values.Value("abstention").Value, Is.Zero);
        Assert.That(values.Where(v => v.MetricId != "abstention"), Has.All.Property(nameof(MetricValue.Status)).EqualTo(ValueStatus.NotApplicable));
        Assert.That(values.Value("faithfulness").Diagnostic, Does.Contain("only a label"));
    }

    // "Entailment." is set aside as a label; the one remaining claim is scored: aspirin reduc fever
    // adult, 4/4 covered: faithfulness 1/1.
    [Test]
    public async Task ScoresTheFreeTextBeyondALabel()
    {
        var values = await _metric.EvaluateAsync(
            Contexts.For("Entailment. Aspirin reduces fever in adults.", context: Evidence, labelMapping: ContractNliLabels), CancellationToken.None);

        Assert.That(values.Value("faithfulness").Value, Is.EqualTo(1.0));
        Assert.That(values.Value("faithfulness").Claims!.Select(c => (c.Text, c.Verdict)), Is.EqualTo(new[]
        {
            ("Aspirin reduces fever in adults.", ClaimVerdict.Supported),
            ("Entailment.", ClaimVerdict.NotApplicable),
        }));
    }

    [Test]
    public async Task ScoresALabelWordAsAClaimWhenTheSuiteMapsNoLabels()
    {
        var values = await _metric.EvaluateAsync(Contexts.For("Entailment.", context: Evidence), CancellationToken.None);

        Assert.That(values.Value("faithfulness").Status, Is.EqualTo(ValueStatus.Ok));
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
