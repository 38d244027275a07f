using System.Globalization;
using Harness.Core.Results;
using Harness.Core.Suites;

namespace Harness.Core.Gates;

/// <summary>
/// A gate on a faithfulness or hallucination metric decides only when the run's support scorer was
/// calibrated against the suite's human-label set with an AUROC whose 95% CI low reaches
/// <c>calibration.min_auroc</c> (docs/architecture.md, "Calibrated judges": an uncalibrated judge cannot fail a gate, nor pass one).
/// Otherwise the gate reads inconclusive and says why; a strict gate then fails. A gate that decided on human labels
/// (<see cref="GateResult.Labelled"/>: a threshold on a labelled pipeline, a comparison or regression labelled on both
/// sides) rests on a prediction-powered estimate instead, which needs no calibration.
/// </summary>
public static class CalibrationGuard
{
    public static GateResult Apply(GateResult result, SuiteDefinition suite, RunResult run)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(suite);
        ArgumentNullException.ThrowIfNull(run);
        if (result.MetricId is not { } metric || !KnownMetrics.IsJudgedBySupportScorer(metric) || result.Labelled is not null
            || Shortfall(suite.Calibration, run.Info.SupportScorer) is not { } shortfall)
        {
            return result;
        }
        return result with { Verdict = GateVerdict.Inconclusive, Message = $"{shortfall.Reason}. Measured: {result.Message}", InconclusiveReason = shortfall.Tally };
    }

    /// <summary>Why the scorer cannot carry a gate (the sentence, and its <see cref="InconclusiveReasons"/> entry), or null when it can.</summary>
    public static (string Reason, string Tally)? Shortfall(CalibrationRequirement requirement, SupportScorerInfo? scorer)
    {
        ArgumentNullException.ThrowIfNull(requirement);
        var bar = string.Create(CultureInfo.InvariantCulture, $"calibration.min_auroc {requirement.MinAuroc:0.00}");
        if (scorer is null)
        {
            return ($"uncalibrated support scorer: the run does not record which scorer judged its claims, so it cannot meet {bar}",
                InconclusiveReasons.ScorerNotCalibrated);
        }
        var calibration = scorer.Calibrations.FirstOrDefault(c => c.Labels == requirement.Labels);
        if (calibration?.Auroc is not { } auroc)
        {
            var why = scorer.CalibrationNote ?? $"scorer '{scorer.Name}' has no AUROC against {requirement.Labels}: run ./harness calibrate --scorer {scorer.Name} --save";
            return ($"uncalibrated support scorer: {why}", InconclusiveReasons.ScorerNotCalibrated);
        }
        return auroc.Low >= requirement.MinAuroc
            ? null
            : (string.Create(CultureInfo.InvariantCulture,
                $"support scorer '{scorer.Name}' is below the calibration bar: AUROC against {requirement.Labels} {auroc.Estimate:0.000} [{auroc.Low:0.000}, {auroc.High:0.000}], CI low {auroc.Low:0.000} < {bar}"),
                InconclusiveReasons.ScorerBelowCalibrationBar);
    }
}
