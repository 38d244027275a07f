using Harness.Core.Data;
using Harness.Metrics.Faithfulness;
using Harness.Metrics.Faithfulness.Calibration;

namespace Harness.Metrics.Tests.Faithfulness.Calibration;

public sealed class SupportCalibrationTests
{
    // Positives score 0.9 0.8 0.4, negatives 0.7 0.4 0.1. Positive-over-negative pairs: 0.9 beats all 3,
    // 0.8 beats all 3, 0.4 beats 0.1 and ties 0.4 (half): 7.5 of 9 pairs.
    private static readonly (bool, double)[] Scored = [(true, 0.9), (true, 0.8), (true, 0.4), (false, 0.7), (false, 0.4), (false, 0.1)];

    [Test]
    public void ComputesAurocWithTiesCountingHalf()
    {
        var auroc = SupportCalibration.Auroc(Scored);

        Assert.That(auroc!.Value.Estimate, Is.EqualTo(7.5 / 9).Within(1e-12));
        // Hanley-McNeil: A = 5/6, Q1 = A/(2-A) = 5/7, Q2 = 2A²/(1+A) = 25/33,
        // SE² = (A(1-A) + 2(Q1-A²) + 2(Q2-A²)) / 9 = 0.0338706, SE = 0.184040; low = A - 1.96·SE
        Assert.That(auroc.Value.Low, Is.EqualTo((5.0 / 6) - (1.959964 * 0.184040)).Within(1e-5));
        Assert.That(auroc.Value.High, Is.EqualTo(1.0));
    }

    [Test]
    public void HasNoAurocWithoutBothClasses() =>
        Assert.That(SupportCalibration.Auroc([(true, 0.3), (true, 0.8)]), Is.Null);

    [Test]
    public void ComputesCohensKappa()
    {
        // human  T T T F F F
        // scorer T T F T F F: observed agreement 4/6, both say yes half the time so chance = 1/2,
        // κ = (2/3 - 1/2) / (1 - 1/2) = 1/3; SE = sqrt((2/3)(1/3) / (6 · 1/4)) = sqrt(4/27) = 0.3849
        var kappa = SupportCalibration.CohensKappa([(true, true), (true, true), (true, false), (false, true), (false, false), (false, false)]);

        Assert.That(kappa!.Value.Estimate, Is.EqualTo(1.0 / 3).Within(1e-12));
        Assert.That(kappa.Value.Low, Is.EqualTo((1.0 / 3) - (1.959964 * Math.Sqrt(4.0 / 27))).Within(1e-5));
    }

    [Test]
    public void HasNoKappaWhenBothRatersNeverVary() =>
        Assert.That(SupportCalibration.CohensKappa([(true, true), (true, true)]), Is.Null);

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

        var result = await SupportCalibration.MeasureAsync(new GarbleScorer(), labels, CancellationToken.None);

        Assert.That(result.Scorer, Is.EqualTo("lexical"));
        Assert.That(result.Labels, Is.EqualTo(4));
        Assert.That(result.Errors, Is.EqualTo(1));
        // the lexical verdicts agree with all three decided labels
        Assert.That(result.Agreement, Is.EqualTo(1.0));
        Assert.That(result.Auroc!.Value.Estimate, Is.EqualTo(1.0));
        Assert.That(result.Kappa!.Value.Estimate, Is.EqualTo(1.0));
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
