using System.Globalization;
using Harness.Core.Statistics;
using MathNet.Numerics.Distributions;
using NUnit.Framework;

namespace Harness.Core.Tests.Statistics;

public sealed class PredictionPoweredTests
{
    [Test]
    public void ATinyExampleWorkedByHand()
    {
        // N = 5 cases, the first 3 labelled by people; the plain estimator (λ = 1):
        //   scorer 1 1 0 | 1 0    human 1 0 0
        // θ̂ = mean over N of the scorer + mean over n of (human − scorer) = 3/5 + (0 − 1 + 0)/3 = 0.6 − 0.333333 = 0.266667
        // s²_h of {1, 0, 0} = ((2/3)² + (1/3)² + (1/3)²)/2 = (6/9)/2 = 1/3; s²_r of {0, −1, 0}: the same, 1/3
        // var = s²_h/N + s²_r·(1/n − 1/N) = (1/3)/5 + (1/3)(1/3 − 1/5) = 1/15 + 2/45 = 5/45 = 1/9, so sd = 1/3
        // half width = t(2 df, 0.975)·sd = 4.302653 × 0.333333 = 1.434218 → [−1.167551, 1.700885]
        PpiUnit[] units = [new(1, 1), new(1, 0), new(0, 0), new(1, null), new(0, null)];

        var ci = PredictionPowered.CentralLimit(units, tune: false)!.Value;

        Assert.Multiple(() =>
        {
            Assert.That(ci.Estimate, Is.EqualTo(0.266667).Within(1e-6));
            Assert.That(ci.Low, Is.EqualTo(-1.167551).Within(1e-6));
            Assert.That(ci.High, Is.EqualTo(1.700885).Within(1e-6));
        });
    }

    [Test]
    public void TuningTheScorersWeightNarrowsTheIntervalWorkedByHand()
    {
        // N = 6, the first 4 labelled: scorer 1 1 0 0 | 1 0, human 1 0 0 0.
        // On the labelled: mean h 0.25, mean f 0.5; cov(h, f) = (0.75·0.5 − 0.25·0.5 + 0.25·0.5 + 0.25·0.5)/3 = 0.5/3 = 0.166667,
        // var f = 4 × 0.25/3 = 0.333333, so λ = 0.166667/0.333333 = 0.5.
        // rectifier h − 0.5 f = {0.5, −0.5, 0, 0}, mean 0, s²_r = (0.25 + 0.25)/3 = 0.166667; mean over N of f = 3/6 = 0.5
        // θ̂ = 0.5 × 0.5 + 0 = 0.25; s²_h = (0.75² + 3 × 0.25²)/3 = 0.25
        // var = 0.25/6 + 0.166667 × (1/4 − 1/6) = 0.041667 + 0.013889 = 0.055556, sd 0.235702
        // half = t(3 df, 0.975) × sd = 3.182446 × 0.235702 = 0.750112 → [−0.500112, 1.000112]
        // The plain estimator (λ = 1): rectifier {0, −1, 0, 0}, s²_r = 0.25, var = 0.041667 + 0.020833 = 0.0625, half 0.795612.
        PpiUnit[] units = [new(1, 1), new(1, 0), new(0, 0), new(0, 0), new(1, null), new(0, null)];

        var tuned = PredictionPowered.CentralLimit(units, tune: true)!.Value;
        var plain = PredictionPowered.CentralLimit(units, tune: false)!.Value;

        Assert.Multiple(() =>
        {
            Assert.That(tuned.Estimate, Is.EqualTo(0.25).Within(1e-9));
            Assert.That(tuned.Low, Is.EqualTo(-0.500112).Within(1e-5));
            Assert.That(tuned.High, Is.EqualTo(1.000112).Within(1e-5));
            Assert.That(plain.High - plain.Estimate, Is.EqualTo(0.795612).Within(1e-5));
        });
    }

    [Test]
    public void ThePairedDifferenceOfTwoPipelinesIsTheEstimatorOnPerCaseDifferences()
    {
        // Pipelines A and B on the same 5 cases, the first 3 labelled in both (hallucination: 1 = unsupported claim):
        //   A scorer 1 0 0 | 1 0   human 1 1 0        B scorer 0 0 0 | 0 0   human 0 1 0
        //   A − B scorer 1 0 0 | 1 0                   A − B human 1 0 0
        // θ̂ = mean over N of the scorer differences + mean over n of (human − scorer) = 2/5 + (0 + 0 + 0)/3 = 0.4
        // s²_h of {1, 0, 0} = 1/3; s²_r of {0, 0, 0} = 0, floored at n/(n + 1)² = 3/16 = 0.1875
        // var = (1/3)/5 + 0.1875 × (1/3 − 1/5) = 0.066667 + 0.025 = 0.091667, sd 0.302765
        // half = t(2 df, 0.975) × sd = 4.302653 × 0.302765 = 1.302692 → [−0.902692, 1.702692]
        double[] scorerA = [1, 0, 0, 1, 0], scorerB = [0, 0, 0, 0, 0];
        double?[] humanA = [1, 1, 0, null, null], humanB = [0, 1, 0, null, null];
        var units = scorerA.Select((a, i) => new PpiUnit(a - scorerB[i], humanA[i] - humanB[i])).ToArray();

        var ci = PredictionPowered.Of(units)!.Value;

        Assert.Multiple(() =>
        {
            Assert.That(ci.Estimate, Is.EqualTo(0.4).Within(1e-12));
            Assert.That(ci.Low, Is.EqualTo(-0.902692).Within(1e-5));
            Assert.That(ci.High, Is.EqualTo(1.702692).Within(1e-5));
        });
    }

    [Test]
    public void WithEveryCaseLabelledItIsTheClassicalIntervalOfThePeoplesValues()
    {
        // human 1 1 0 1 (scorer 0 1 1 1, irrelevant once all are labelled): mean 0.75,
        // s²_h = (3 × 0.25² + 0.75²)/3 = 0.75/3 = 0.25, var = 0.25/4 + s²_r·(1/4 − 1/4) = 0.0625, sd 0.25,
        // half = t(3 df, 0.975) × 0.25 = 3.182446 × 0.25 = 0.795612 → [−0.045612, 1.545612]
        PpiUnit[] units = [new(0, 1), new(1, 1), new(1, 0), new(1, 1)];

        var ci = PredictionPowered.CentralLimit(units, tune: false)!.Value;

        Assert.Multiple(() =>
        {
            Assert.That(ci.Estimate, Is.EqualTo(0.75).Within(1e-12));
            Assert.That(ci.Low, Is.EqualTo(-0.045612).Within(1e-6));
            Assert.That(ci.High, Is.EqualTo(1.545612).Within(1e-6));
        });
    }

    [Test]
    public void LabelsThatAllAgreeWithTheScorerStillGiveAnIntervalOfSomeWidth()
    {
        // 4 cases, all labelled 1, the scorer 1 on each: both sample variances are 0, so each is floored at
        // n/(n + 1)² = 4/25 = 0.16. var = 0.16/4 + 0.16·(1/4 − 1/4) = 0.04, sd 0.2,
        // half = t(3 df, 0.975) × 0.2 = 3.182446 × 0.2 = 0.636489 → [0.363511, 1.636489]
        // (Clopper–Pearson on 4 of 4 gives [0.398, 1]: the same order of width.)
        PpiUnit[] units = [new(1, 1), new(1, 1), new(1, 1), new(1, 1)];

        var ci = PredictionPowered.Of(units)!.Value;

        Assert.Multiple(() =>
        {
            Assert.That(ci.Estimate, Is.EqualTo(1.0));
            Assert.That(ci.Low, Is.EqualTo(0.363511).Within(1e-6));
            Assert.That(ci.High, Is.EqualTo(1.636489).Within(1e-6));
        });
    }

    [Test]
    public void FewerThanTwoLabelledCasesGiveNoInterval()
    {
        PpiUnit[] units = [new(1, 1), new(1, null), new(0, null)];

        Assert.Multiple(() =>
        {
            Assert.That(PredictionPowered.Of(units), Is.Null);
            Assert.That(PredictionPowered.Bootstrapped(units, seed: 1), Is.Null);
        });
    }

    [Test]
    public void TheBootstrapKeepsThePlainEstimateAndIsSeeded()
    {
        // Same units as the worked example: θ̂ = 0.266667 whatever the resamples.
        PpiUnit[] units = [new(1, 1), new(1, 0), new(0, 0), new(1, null), new(0, null)];

        var first = PredictionPowered.Bootstrapped(units, seed: 7)!.Value;
        var again = PredictionPowered.Bootstrapped(units, seed: 7)!.Value;

        Assert.Multiple(() =>
        {
            Assert.That(first.Estimate, Is.EqualTo(0.266667).Within(1e-6));
            Assert.That(again, Is.EqualTo(first));
            Assert.That(first.Low, Is.LessThan(first.Estimate));
            Assert.That(first.High, Is.GreaterThan(first.Estimate));
        });
    }

    /// <summary>A scorer of claims whose true support rate is 0.7: its verdict on one case, given what is true.</summary>
    private sealed record SimulatedScorer(string Name, Func<Random, bool, bool> Verdict);

    // A score that is the truth shifted by μ plus N(0, 1) noise has AUROC Φ(μ/√2), so μ = √2·Φ⁻¹(AUROC):
    //   AUROC 0.9: μ = 1.414214 × 1.281552 = 1.812388;  AUROC 0.6: μ = 1.414214 × 0.253347 = 0.358286.
    // The verdict is score > μ/2 (halfway between the two classes' means).
    private static readonly SimulatedScorer[] _scorers =
    [
        Latent("good (AUROC 0.9)", 1.812388),
        Latent("weak (AUROC 0.6)", 0.358286),
        new("biased (always supported)", (_, _) => true),
        new("random (coin flip)", (random, _) => random.NextDouble() < 0.5),
    ];

    private static SimulatedScorer Latent(string name, double shift) =>
        new(name, (random, supported) => Normal.Sample(random, supported ? shift : 0, 1) > shift / 2);

    [Test]
    public void TheIntervalCoversTheTrueRateForAGoodAWeakABiasedAndARandomScorer()
    {
        const int Runs = 2000, Total = 1000, Labelled = 150;
        const double TrueRate = 0.7;
        var rows = new List<(string Scorer, PpiCoverage Coverage)>();
        foreach (var scorer in _scorers)
        {
            rows.Add((scorer.Name, PpiCoverage.Measure(Draws(scorer, Runs, Total, Labelled, TrueRate), Labelled, Total)));
        }
        TestContext.Out.WriteLine($"{Runs} runs, N = {Total} judged, n = {Labelled} labelled, true rate {TrueRate}");
        TestContext.Out.WriteLine("| scorer | coverage, prediction-powered | mean width | coverage, labels only (Clopper–Pearson) | mean width |");
        foreach (var (name, c) in rows)
        {
            TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {c.Coverage:0.000} | {c.MeanWidth:0.000} | {c.ClassicalCoverage:0.000} | {c.ClassicalMeanWidth:0.000} |"));
        }
        Assert.Multiple(() =>
        {
            foreach (var (name, c) in rows)
            {
                Assert.That(c.Coverage, Is.GreaterThanOrEqualTo(0.94), $"{name}: coverage at nominal 0.95");
                // The tuned weight never makes the interval wider than the labels' own by more than noise.
                Assert.That(c.MeanWidth, Is.LessThanOrEqualTo(c.ClassicalMeanWidth), $"{name}: width against the labels alone");
            }
            Assert.That(rows[0].Coverage.MeanWidth, Is.LessThan(0.9 * rows[0].Coverage.ClassicalMeanWidth), "a good scorer buys a narrower interval");
        });
    }

    private static IEnumerable<(IReadOnlyList<PpiUnit>, double)> Draws(SimulatedScorer scorer, int runs, int total, int labelled, double rate)
    {
        for (var run = 0; run < runs; run++)
        {
            var random = new Random(run);
            var units = new PpiUnit[total];
            for (var i = 0; i < total; i++)
            {
                var supported = random.NextDouble() < rate;
                // The cases are drawn independently, so the first n are a uniform random sample of the N.
                units[i] = new PpiUnit(scorer.Verdict(random, supported) ? 1 : 0, i < labelled ? (supported ? 1 : 0) : null);
            }
            yield return (units, rate);
        }
    }

    [Test]
    public void WithFewLabelsTheTIntervalCoversAndTheBootstrapVariantIsShown()
    {
        const int Runs = 500, Total = 100, Labelled = 20;
        const double TrueRate = 0.7;
        TestContext.Out.WriteLine($"{Runs} runs, N = {Total}, n = {Labelled}: | scorer | coverage, t interval | coverage, bootstrap | mean width t | mean width bootstrap |");
        Assert.Multiple(() =>
        {
            foreach (var scorer in _scorers)
            {
                int covered = 0, bootstrapCovered = 0;
                double width = 0, bootstrapWidth = 0;
                foreach (var (units, truth) in Draws(scorer, Runs, Total, Labelled, TrueRate))
                {
                    var ci = PredictionPowered.Of(units)!.Value;
                    var bootstrap = PredictionPowered.Bootstrapped(units, seed: 1, resamples: 1000)!.Value;
                    covered += ci.Contains(truth) ? 1 : 0;
                    bootstrapCovered += bootstrap.Contains(truth) ? 1 : 0;
                    width += ci.High - ci.Low;
                    bootstrapWidth += bootstrap.High - bootstrap.Low;
                }
                TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {scorer.Name} | {(double)covered / Runs:0.000} | {(double)bootstrapCovered / Runs:0.000} | {width / Runs:0.000} | {bootstrapWidth / Runs:0.000} |"));
                Assert.That((double)covered / Runs, Is.GreaterThanOrEqualTo(0.94), $"{scorer.Name}: coverage of the t interval with {Labelled} labels");
            }
        });
    }
}
