using Harness.Core.Baselines;
using Harness.Core.Gates;
using Harness.Core.Labels;
using Harness.Core.Metrics;
using Harness.Core.Results;
using Harness.Core.Statistics;
using Harness.Core.Suites;
using NUnit.Framework;

namespace Harness.Core.Tests.Gates;

/// <summary>
/// Compare and regression gates on faithfulness decide on the prediction-powered paired difference when people labelled
/// both sides on the same cases, past a scorer below the calibration bar; with one side unlabelled they stay as before.
/// </summary>
public sealed class PredictionPoweredPairedGateTests
{
    private static readonly MetricDescriptor Faithfulness = new("faithfulness", "Faithfulness", "faithfulness", "", HigherIsBetter: true);

    // 8 cases c000–c007; people labelled c000–c004 in both pipelines.
    //   rag          scorer 1   1 1   0.5 1 | 1 1   1     people 1 1 0.5 1   1
    //   closed-book  scorer 0.5 0 0.5 0.5 0 | 0 0.5 0.5   people 0 0 0.5 0.5 0
    //   difference   scorer 0.5 1 0.5 0   1 | 1 0.5 0.5   people 1 1 0   0.5 1
    private static readonly double[] RagScorer = [1, 1, 1, 0.5, 1, 1, 1, 1];
    private static readonly double[] ClosedBookScorer = [0.5, 0, 0.5, 0.5, 0, 0, 0.5, 0.5];
    private static readonly double[] RagPeople = [1, 1, 0.5, 1, 1];
    private static readonly double[] ClosedBookPeople = [0, 0, 0.5, 0.5, 0];

    // The lexical scorer's ExpertQA AUROC CI low, 0.521, is below the default bar of 0.70.
    private static readonly SupportScorerInfo LexicalBelowTheBar = new("lexical", "lexical:v1")
    {
        Calibrations =
        [
            new ScorerCalibration("expertqa", "sha", "lexical:v1", 677, 488, 0,
                new ConfidenceInterval(0.568, 0.521, 0.613, 0.95), null, null, null, DateTimeOffset.UnixEpoch),
        ],
    };

    [Test]
    public void RagBeatsClosedBookOnThePredictionPoweredDifferenceWhenBothAreLabelledOnTheSameCases()
    {
        // θ̂ = mean over the 8 of the scorer's differences + mean over the 5 labelled of (people − scorer)
        //   = 5/8 + (0.5 + 0 − 0.5 + 0.5 + 0)/5 = 0.625 + 0.1 = 0.725 (λ = 1 below 30 labels)
        // s²_people of {1, 1, 0, 0.5, 1} (mean 0.7) = (0.09 + 0.09 + 0.49 + 0.04 + 0.09)/4 = 0.2
        // s²_rectifier of {0.5, 0, −0.5, 0.5, 0} (mean 0.1) = (0.16 + 0.01 + 0.36 + 0.16 + 0.01)/4 = 0.175
        //   (both above the floor 5/36 = 0.1389)
        // var = 0.2/8 + 0.175 × (1/5 − 1/8) = 0.025 + 0.013125 = 0.038125, SE = 0.195256
        // 95% CI: 0.725 ± t(4, 0.975) × SE = 0.725 ± 2.776445 × 0.195256 = 0.725 ± 0.542118 → [0.182882, 1.267118]
        // Pass branch, H0 "difference ≤ 0": t = 0.725/0.195256 = 3.713070 on 4 df; for 4 df the upper tail is
        //   1/2 − (3x − x³)/4 with x = t/√(4 + t²) = 0.880400, so p = 0.010299; Holm over the check's 2 hypotheses: 0.020599 < 0.05.
        var run = Labelled(TwoPipelines(), ("rag", RagPeople), ("closed-book", ClosedBookPeople));

        var result = GateEvaluator.Evaluate(Suite(new CompareGateDefinition("faithfulness", "rag", "closed-book", 0)), run, null, GateOptions.Default).Single();

        Assert.Multiple(() =>
        {
            Assert.That(result.Verdict, Is.EqualTo(GateVerdict.Pass), result.Message);
            Assert.That(result.Labelled, Is.EqualTo(5));
            Assert.That(result.Value, Is.EqualTo(0.725).Within(1e-12));
            Assert.That(result.CiLow, Is.EqualTo(0.182882).Within(1e-6));
            Assert.That(result.CiHigh, Is.EqualTo(1.267118).Within(1e-6));
            Assert.That(result.PValue, Is.EqualTo(0.010299).Within(1e-6));
            Assert.That(result.AdjustedPValue, Is.EqualTo(0.020599).Within(1e-6));
            Assert.That(result.Message, Does.Contain("on n = 8 shared cases, 5 labelled in both (prediction-powered"));
        });
    }

    [Test]
    public void WithOnlyOnePipelineLabelledTheComparisonStillWaitsForACalibratedScorer()
    {
        var run = Labelled(TwoPipelines(), ("rag", RagPeople));

        var result = GateEvaluator.Evaluate(Suite(new CompareGateDefinition("faithfulness", "rag", "closed-book", 0)), run, null, GateOptions.Default).Single();

        Assert.Multiple(() =>
        {
            Assert.That(result.Verdict, Is.EqualTo(GateVerdict.Inconclusive));
            Assert.That(result.InconclusiveReason, Is.EqualTo(InconclusiveReasons.ScorerBelowCalibrationBar));
            Assert.That(result.Labelled, Is.Null);
        });
    }

    [Test]
    public void ARegressionCheckAgainstALabelledBaselineIsPredictionPoweredThroughTheSavedBaseline()
    {
        // The baseline's rag answered as closed-book did above, the current rag as rag: the same differences, θ̂ = 0.725, SE = 0.195256.
        // Non-inferiority with margin 0.02, pass branch H0 "change ≤ −0.02": t = (0.725 + 0.02)/0.195256 = 3.815499,
        //   x = t/√(4 + t²) = 0.885698, p = 1/2 − (3x − x³)/4 = 0.009425; Holm over 2 hypotheses: 0.018851 < 0.05.
        var current = Labelled(Build(("rag", RagScorer)), ("rag", RagPeople));
        var labelledBaseline = Labelled(Build(("rag", ClosedBookScorer)), ("rag", ClosedBookPeople));
        var folder = Directory.CreateTempSubdirectory("harness-ppi-baseline-").FullName;
        RunResult baseline;
        try
        {
            baseline = BaselineStore.Load(BaselineStore.Save(Baseline.FromRun(labelledBaseline, DateTimeOffset.UnixEpoch), folder)).ToRunResult();
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        var result = GateEvaluator.Evaluate(Suite(new RegressionGateDefinition(0.02, ["faithfulness"])), current, baseline, GateOptions.Default).Single();

        Assert.Multiple(() =>
        {
            Assert.That(baseline.Labels!.Matched, Is.Empty, "the baseline keeps the estimates, not the labelled claims");
            Assert.That(result.Verdict, Is.EqualTo(GateVerdict.Pass), result.Message);
            Assert.That(result.Labelled, Is.EqualTo(5));
            Assert.That(result.Value, Is.EqualTo(0.725).Within(1e-12));
            Assert.That(result.PValue, Is.EqualTo(0.009425).Within(1e-6));
            Assert.That(result.AdjustedPValue, Is.EqualTo(0.018851).Within(1e-6));
        });
    }

    [Test]
    public void FewerCasesLabelledInBothThanAGateNeedsIsInconclusiveForThatReasonNotTheScorers()
    {
        // 3 of the 5 labelled cases (at least 2 make an estimate; a gate needs 5).
        var run = Labelled(TwoPipelines(), ("rag", RagPeople[..3]), ("closed-book", ClosedBookPeople[..3]));

        var result = GateEvaluator.Evaluate(Suite(new CompareGateDefinition("faithfulness", "rag", "closed-book", 0)), run, null, GateOptions.Default).Single();

        Assert.Multiple(() =>
        {
            Assert.That(result.Verdict, Is.EqualTo(GateVerdict.Inconclusive));
            Assert.That(result.InconclusiveReason, Is.EqualTo(InconclusiveReasons.TooFewCases));
            Assert.That(result.Message, Does.StartWith("only 3 of the 8 cases with an ok faithfulness value in both rag and closed-book are labelled in both (fewer than 5)"));
        });
    }

    private static RunResult TwoPipelines() => Build(("rag", RagScorer), ("closed-book", ClosedBookScorer));

    private static RunResult Build(params (string Pipeline, double[] Values)[] pipelines)
    {
        var builder = new RunBuilder();
        foreach (var (pipeline, values) in pipelines)
        {
            builder.Values(pipeline, Faithfulness, values);
        }
        var run = builder.Build();
        return run with { Info = run.Info with { SupportScorer = LexicalBelowTheBar }, Metrics = [.. run.Metrics, Faithfulness] };
    }

    /// <summary>
    /// The run with people's faithfulness on the first cases of each pipeline named, as <see cref="HumanLabelling"/> records it.
    /// A paired gate reads only those per-case values; the pipeline's own intervals are not part of these tests.
    /// </summary>
    private static RunResult Labelled(RunResult run, params (string Pipeline, double[] People)[] pipelines)
    {
        var nowhere = new ConfidenceInterval(0, 0, 0, 0.95);
        var estimates = pipelines.Select(p => new LabelledEstimate(p.Pipeline, "faithfulness", p.People.Length, 8, nowhere, null, "", null, null)
        {
            People = p.People.Select((value, i) => (RunBuilder.CaseId(i), value)).ToDictionary(x => x.Item1, x => x.value),
        });
        return run with { Labels = new RunLabels("labels/smoke.jsonl", [], []) { Estimates = [.. estimates] } };
    }

    private static SuiteDefinition Suite(GateDefinition gate) => new()
    {
        Name = "smoke",
        Dataset = "fixture",
        Pipelines = [],
        Gates = [gate],
        SourcePath = "suites/smoke.yaml",
    };
}
