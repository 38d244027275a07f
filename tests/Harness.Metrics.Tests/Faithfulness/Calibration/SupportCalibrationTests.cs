using Harness.Core.Data;
using Harness.Metrics.Faithfulness;
using Harness.Metrics.Faithfulness.Calibration;

namespace Harness.Metrics.Tests.Faithfulness.Calibration;

public sealed class SupportCalibrationTests
{
    // Positives score 0.9 0.8 0.4, negatives 0.7 0.4 0.1. Positive-over-negative pairs: 0.9 beats all 3,
    // 0.8 beats all 3, 0.4 beats 0.1 and ties 0.4 (half): 7.5 of 9 pairs.
    private static readonly JudgedLabel[] Scored =
    [
        new(true, 0.9, true), new(true, 0.8, true), new(true, 0.4, false),
        new(false, 0.7, true), new(false, 0.4, false), new(false, 0.1, false),
    ];

    [Test]
    public void ComputesAurocWithTiesCountingHalf() =>
        Assert.That(SupportCalibration.Auroc(Scored), Is.EqualTo(7.5 / 9).Within(1e-12));

    [Test]
    public void HasNoAurocWithoutBothClasses() =>
        Assert.That(SupportCalibration.Auroc([new(true, 0.3, false), new(true, 0.8, true)]), Is.Null);

    // human  T T T F F F
    // scorer T T F T F F
    [Test]
    public void ComputesCohensKappaBalancedAccuracyAndF1()
    {
        // observed agreement 4/6, both say yes half the time so chance = 1/2: κ = (2/3 - 1/2) / (1 - 1/2) = 1/3
        Assert.That(SupportCalibration.CohensKappa(Scored), Is.EqualTo(1.0 / 3).Within(1e-12));
        // true-positive rate 2/3, true-negative rate 2/3: (2/3 + 2/3) / 2
        Assert.That(SupportCalibration.BalancedAccuracy(Scored), Is.EqualTo(2.0 / 3).Within(1e-12));
        // 2 true positives, 3 human positives, 3 predicted positives: 2·2 / (3 + 3)
        Assert.That(SupportCalibration.F1(Scored), Is.EqualTo(4.0 / 6).Within(1e-12));
    }

    [Test]
    public void HasNoKappaWhenBothRatersNeverVary() =>
        Assert.That(SupportCalibration.CohensKappa([new(true, 1, true), new(true, 1, true)]), Is.Null);

    [Test]
    public async Task BootstrapIntervalsContainTheEstimateAndCollapseOnAPerfectScorer()
    {
        var mixed = await SupportCalibration.SummarizeAsync("test", Scored, errors: 0, seed: 1);
        JudgedLabel[] perfect = [new(true, 0.9, true), new(true, 0.8, true), new(false, 0.2, false), new(false, 0.1, false)];
        var separated = await SupportCalibration.SummarizeAsync("test", perfect, errors: 0, seed: 1);

        Assert.That(mixed.Auroc!.Value.Low, Is.LessThan(7.5 / 9));
        Assert.That(mixed.Auroc.Value.High, Is.GreaterThanOrEqualTo(7.5 / 9));
        // Every resample that holds both classes still separates them perfectly.
        Assert.That((separated.Auroc!.Value.Low, separated.Auroc.Value.High), Is.EqualTo((1.0, 1.0)));
        Assert.That(separated.Kappa!.Value.Low, Is.EqualTo(1.0));
    }

    [Test]
    public async Task MeasuresAScorerAndLeavesOutWhatItCouldNotDecide()
    {
        HumanSupportLabel[] labels =
        [
            Label("Aspirin reduces fever.", "Aspirin reduces fever in adults.", supported: true),
            Label("Aspirin cures cancer.", "Aspirin reduces fever in adults.", supported: false),
            Label("Aspirin was made in 1897.", "Aspirin was first made in 1897.", supported: true),
            Label("garbled", "Aspirin reduces fever in adults.", supported: true),
        ];

        var result = await SupportCalibration.MeasureAsync(new GarbleScorer(), labels, seed: 1, CancellationToken.None);

        Assert.That(result.Scorer, Is.EqualTo("lexical"));
        Assert.That(result.Items, Is.EqualTo(4));
        Assert.That(result.Errors, Is.EqualTo(1));
        Assert.That(result.Positives, Is.EqualTo(2));
        // the lexical verdicts agree with all three decided labels
        Assert.That(result.Auroc!.Value.Estimate, Is.EqualTo(1.0));
        Assert.That(result.Kappa!.Value.Estimate, Is.EqualTo(1.0));
        Assert.That(result.BalancedAccuracy!.Value.Estimate, Is.EqualTo(1.0));
    }

    private static HumanSupportLabel Label(string claim, string evidence, bool supported) =>
        new(claim, [new Passage("e1", "e1", 0, evidence.Length, evidence)], supported, "test");

    /// <summary>The lexical scorer, except that it cannot decide the claim "garbled".</summary>
    private sealed class GarbleScorer : ISupportScorer
    {
        private readonly LexicalSupportScorer _lexical = new();

        public string Name => _lexical.Name;

        public ValueTask<SupportVerdict> ScoreAsync(string claim, IReadOnlyList<Passage> context, CancellationToken cancellationToken) =>
            claim == "garbled" ? ValueTask.FromResult(SupportVerdict.Error("garbled")) : _lexical.ScoreAsync(claim, context, cancellationToken);
    }
}
