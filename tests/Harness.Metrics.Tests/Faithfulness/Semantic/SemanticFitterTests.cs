using Harness.Core.Data;
using Harness.Metrics.Faithfulness;
using Harness.Metrics.Faithfulness.Calibration;
using Harness.Metrics.Faithfulness.Semantic;

namespace Harness.Metrics.Tests.Faithfulness.Semantic;

public sealed class SemanticFitterTests
{
    /// <summary>A scorer that cannot tell claims apart: every claim gets the same score.</summary>
    private sealed class ConstantScorer : ISupportScorer
    {
        public string Name => "constant";

        public string Identity => "constant:v1";

        public ValueTask<SupportVerdict> ScoreAsync(string claim, IReadOnlyList<Passage> context, CancellationToken cancellationToken) =>
            ValueTask.FromResult(new SupportVerdict(SupportOutcome.Unsupported, 0.5, "constant"));
    }

    private static readonly Passage[] Evidence = [new("p1", "d1", 0, 60, "The incubation period of the virus is 2 to 14 days after exposure.")];

    // 30 claims: the supported ones repeat the evidence, the others mostly do not (a few of each the other way, so the classes overlap).
    private static HumanSupportLabel[] Labels() =>
    [
        .. Enumerable.Range(0, 15).Select(i => new HumanSupportLabel(
            i % 5 == 0 ? "Bats carry many viruses." : "The incubation period is 2 to 14 days.", Evidence, Supported: true, $"fixture:{i}")),
        .. Enumerable.Range(15, 15).Select(i => new HumanSupportLabel(
            i % 5 == 0 ? "The incubation period is 2 to 14 days." : "Masks were mandatory in 1918.", Evidence, Supported: false, $"fixture:{i}")),
    ];

    [Test]
    public async Task TheFitIsComparedWithTheBaselineOnTheSameClaimsWithPairedIntervals()
    {
        var model = await SemanticFitter.FitAsync(Labels(), "fixture", "00ff", null, SemanticSupportModel.NoEmbedder, new ConstantScorer(), seed: 7, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(model.Baseline!.Scorer, Is.EqualTo("constant"));
            Assert.That(model.Baseline.Identity, Is.EqualTo("constant:v1"));
            // Every supported/unsupported pair ties under a constant score and ties count half: AUROC 15·15·½ / (15·15) = 0.5.
            Assert.That(model.Baseline.Auroc!.Value.Estimate, Is.EqualTo(0.5).Within(1e-12));
            // The difference is the fit's cross-validated AUROC minus that 0.5, with its CI around it.
            Assert.That(model.Baseline.Difference!.Value.Estimate, Is.EqualTo(model.CrossValidatedAuroc!.Value - 0.5).Within(1e-12));
            Assert.That(model.Baseline.Difference.Value.Low, Is.LessThanOrEqualTo(model.Baseline.Difference.Value.Estimate));
            Assert.That(model.Baseline.Difference.Value.High, Is.GreaterThanOrEqualTo(model.Baseline.Difference.Value.Estimate));
            Assert.That(model.CrossValidatedAurocInterval!.Value.Estimate, Is.EqualTo(model.CrossValidatedAuroc.Value).Within(1e-12));
            // The claims that repeat the evidence are 12 of 15 supported and 3 of 15 unsupported, so the fit ranks better than chance.
            Assert.That(model.CrossValidatedAuroc.Value, Is.GreaterThan(0.5));
        });
    }
}
