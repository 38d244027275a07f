using Harness.Core.Gates;
using Harness.Core.Metrics;
using Harness.Core.Results;
using Harness.Core.Statistics;
using Harness.Core.Suites;
using NUnit.Framework;

namespace Harness.Core.Tests.Gates;

public sealed class CalibrationGuardTests
{
    private static readonly MetricDescriptor Hallucination = new("hallucination_rate", "Hallucination rate", "hallucination", "", HigherIsBetter: false);

    // 40 answers, 1 in 10 hallucinated: mean 0.1, far below a max of 0.5, so the gate alone passes.
    private static RunResult Run(SupportScorerInfo? scorer)
    {
        var run = new RunBuilder()
            .Values("rag", Hallucination, Enumerable.Range(0, 40).Select(i => i % 10 == 0 ? 1.0 : 0.0))
            .Values("rag", RunBuilder.TokenF1, Enumerable.Repeat(0.8, 40))
            .Build();
        return run with { Info = run.Info with { SupportScorer = scorer } };
    }

    private static SuiteDefinition Suite(double minAuroc = 0.70, bool strict = false) => new()
    {
        Name = "medical",
        Dataset = "fixture",
        Pipelines = [],
        Gates =
        [
            new ThresholdGateDefinition("hallucination_rate", "rag", null, 0.5) { Strict = strict },
            new ThresholdGateDefinition("token_f1", "rag", 0.5, null),
        ],
        Calibration = new CalibrationRequirement { MinAuroc = minAuroc },
        SourcePath = "suites/medical.yaml",
    };

    private static SupportScorerInfo Scorer(double low) => new("lexical", "lexical:v1")
    {
        Calibrations =
        [
            new ScorerCalibration("expertqa", "sha", "lexical:v1", 1000, 700, 0,
                new ConfidenceInterval(low + 0.03, low, low + 0.06, 0.95), null, null, null, DateTimeOffset.UnixEpoch),
        ],
    };

    [Test]
    public void AGateOnHallucinationIsInconclusiveWhileTheScorerIsBelowTheBar()
    {
        var results = GateEvaluator.Evaluate(Suite(), Run(Scorer(low: 0.531)), null, GateOptions.Default);

        Assert.That(results[0].Verdict, Is.EqualTo(GateVerdict.Inconclusive));
        Assert.That(results[0].InconclusiveReason, Is.EqualTo(InconclusiveReasons.ScorerBelowCalibrationBar));
        Assert.That(results[0].Message, Does.StartWith(
            "support scorer 'lexical' is below the calibration bar: AUROC against expertqa 0.561 [0.531, 0.591], CI low 0.531 < calibration.min_auroc 0.70. Measured: hallucination_rate of rag = 0.100"));
        Assert.That(results[1].Verdict, Is.EqualTo(GateVerdict.Pass), "a gate on an answer metric is untouched");
    }

    [Test]
    public void AGateOnHallucinationDecidesOnceTheScorerClearsTheBar()
    {
        var results = GateEvaluator.Evaluate(Suite(), Run(Scorer(low: 0.72)), null, GateOptions.Default);

        Assert.That(results[0].Verdict, Is.EqualTo(GateVerdict.Pass));
    }

    [Test]
    public void TheBarIsTheSuitesMinAuroc()
    {
        var results = GateEvaluator.Evaluate(Suite(minAuroc: 0.5), Run(Scorer(low: 0.531)), null, GateOptions.Default);

        Assert.That(results[0].Verdict, Is.EqualTo(GateVerdict.Pass));
    }

    [Test]
    public void AStrictGateFailsOnAnUncalibratedScorer()
    {
        var results = GateEvaluator.Evaluate(Suite(strict: true), Run(Scorer(low: 0.531)), null, GateOptions.Default);

        Assert.That(results[0].Verdict, Is.EqualTo(GateVerdict.Fail));
        Assert.That(results[0].Message, Does.StartWith("strict gate: inconclusive (scorer below calibration bar) counts as fail. support scorer 'lexical' is below the calibration bar"));
    }

    [Test]
    public void AScorerNeverCalibratedSaysHowToCalibrateIt()
    {
        var never = new SupportScorerInfo("semantic", "semantic:v1");

        var results = GateEvaluator.Evaluate(Suite(), Run(never), null, GateOptions.Default);

        Assert.That(results[0].Verdict, Is.EqualTo(GateVerdict.Inconclusive));
        Assert.That(results[0].InconclusiveReason, Is.EqualTo(InconclusiveReasons.ScorerNotCalibrated));
        Assert.That(results[0].Message, Does.StartWith("uncalibrated support scorer: scorer 'semantic' has no AUROC against expertqa: run ./harness calibrate --scorer semantic --save"));
    }

    [Test]
    public void TheRunsGateLineCountsTheInconclusiveGateWithItsReason()
    {
        // Gate 0 (hallucination ≤ 0.5) is held back by the scorer; gate 1 (token_f1 ≥ 0.5 on 40 × 0.8) passes.
        var results = GateEvaluator.Evaluate(Suite(), Run(Scorer(low: 0.531)), null, GateOptions.Default);

        Assert.That(GateEvaluator.Tally(results), Is.EqualTo("1 passed, 1 inconclusive (scorer below calibration bar)"));
    }
}
