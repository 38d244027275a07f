using Harness.Core.Labels;
using Harness.Core.Metrics;
using Harness.Core.Results;
using Harness.Core.Statistics;

namespace Harness.Core.Gates;

/// <summary>
/// What distinguishes a comparison gate (current must beat reference by more than the margin) from a
/// regression check (current must not trail reference by more than the margin); the rest is shared.
/// A relative margin (latency, cost) is a share of the reference's mean over the paired cases, so
/// timing noise on a shared machine does not read as a regression.
/// </summary>
internal sealed record PairedGateSpec(
    GateResult Template, string CurrentLabel, string ReferenceLabel, string MetricId, bool HigherIsBetter, double Margin, bool IsRegression)
{
    /// <summary>When set, the margin is this share of |mean reference| instead of <see cref="Margin"/>.</summary>
    public double? RelativeMargin { get; init; }

    /// <summary>Also test H0 "difference ≤ 0" (the third hypothesis), so a comparison can say "improved".</summary>
    public bool TestsImprovement { get; init; }

    public double Boundary => PairedRules.Boundary(Margin, IsRegression);
}

/// <summary>
/// Builds a <see cref="PairedCheck"/>: the checks that need no test first, then the paired statistics. When people
/// labelled both sides (the labels argument: each side's <see cref="LabelledEstimate"/>, from the run's or the
/// baseline's human labels) on at least 2 of the shared cases, the difference and its one-sided tests are
/// prediction-powered (<see cref="PairedComparison.PredictionPowered"/>), the check needs as many cases labelled in
/// both as any gate needs cases, and the verdict rests on people's labels (<see cref="GateResult.Labelled"/>), which
/// <see cref="CalibrationGuard"/> lets through.
/// </summary>
internal static class PairedGate
{
    public static PairedCheck Prepare(
        PairedGateSpec spec, RunResult run, IReadOnlyList<MetricSample> current, IReadOnlyList<MetricSample> reference, GateOptions options,
        (LabelledEstimate? Current, LabelledEstimate? Reference) labels = default)
    {
        var template = spec.Template;
        var format = run.Metrics.FirstOrDefault(m => m.Id == spec.MetricId)?.Format ?? "0.000";
        if (current.Count == 0)
        {
            return PairedCheck.Decided(template with
            {
                Verdict = GateVerdict.Fail,
                Message = $"the run has no {spec.MetricId} values for {spec.CurrentLabel}: is the pipeline in the suite and the metric's family under metrics?",
            });
        }
        if (reference.Count == 0)
        {
            return PairedCheck.Decided(spec.IsRegression
                ? template with
                {
                    Message = $"the baseline has no {spec.MetricId} values for {spec.CurrentLabel}; save a new baseline to check it",
                    InconclusiveReason = InconclusiveReasons.NothingToCompare,
                }
                : template with { Verdict = GateVerdict.Fail, Message = $"the run has no {spec.MetricId} values for {spec.ReferenceLabel}" });
        }
        var currentErrors = current.Where(s => s.Status == ValueStatus.Error).ToArray();
        if (currentErrors.Length > 0)
        {
            return PairedCheck.Decided(template with
            {
                Verdict = GateVerdict.Fail,
                Message = GateText.Errors(run, $"{spec.MetricId} in {spec.CurrentLabel}", currentErrors, current.Count),
                WorstCase = GateText.CaseLabel(run, currentErrors[0].CaseId),
            });
        }
        var referenceErrors = reference.Where(s => s.Status == ValueStatus.Error).ToArray();
        // A pipeline in error cannot win a comparison; a baseline's own errors only shrink the shared cases.
        if (referenceErrors.Length > 0 && !spec.IsRegression)
        {
            return PairedCheck.Decided(template with
            {
                Verdict = GateVerdict.Fail,
                Message = GateText.Errors(run, $"{spec.MetricId} in {spec.ReferenceLabel}", referenceErrors, reference.Count),
                WorstCase = GateText.CaseLabel(run, referenceErrors[0].CaseId),
            });
        }

        var paired = PairedSamples.Align(current, reference);
        if (spec.RelativeMargin is { } share && paired.N > 0)
        {
            spec = spec with { Margin = share * Math.Abs(paired.Reference.Average()) };
        }
        var people = labels is ({ } labelledCurrent, { } labelledReference)
            ? (Aligned(paired.CaseIds, labelledCurrent.People), Aligned(paired.CaseIds, labelledReference.People))
            : ((IReadOnlyList<double?>, IReadOnlyList<double?>)?)null;
        var comparison = PairedComparison.Compute(
            paired.Current, paired.Reference, run.Info.Seed, spec.HigherIsBetter, options.Resamples, options.Level, people);
        var labelled = comparison?.PredictionPowered?.Labelled;
        if (comparison is null || paired.N < options.MinimumCases || labelled < options.MinimumCases)
        {
            var required = options.MinimumCases;
            if (comparison is not null)
            {
                var gap = Gap(spec, PairedRules.Orient(comparison.Difference, spec.HigherIsBetter));
                required = Math.Max(required, PowerAnalysis.RequiredSampleSize(SpreadPerCase(comparison), gap, options.Alpha, options.Power) ?? 0);
            }
            var counted = labelled is { } both
                ? $"only {both} of the {paired.N} cases with an ok {spec.MetricId} value in both {spec.CurrentLabel} and {spec.ReferenceLabel} are labelled in both " +
                  $"(fewer than {options.MinimumCases}); about {required} labelled cases would be needed"
                : $"only {paired.N} cases have an ok {spec.MetricId} value in both {spec.CurrentLabel} and {spec.ReferenceLabel} " +
                  $"(fewer than {options.MinimumCases}); about {required} would be needed";
            return PairedCheck.Decided(template with
            {
                Message = counted,
                N = paired.N,
                RequiredN = required,
                Labelled = labelled,
                InconclusiveReason = InconclusiveReasons.TooFewCases,
            });
        }

        var excluded = referenceErrors.Length > 0 ? $" ({referenceErrors.Length} baseline cases in error excluded)" : "";
        // Hypotheses, in this order: H0 "difference ≤ boundary" (its rejection passes), H0 "difference ≥ boundary" (fails), H0 "difference ≤ 0" (improved).
        var (above, below) = comparison.OneSidedPValues(spec.Boundary, spec.HigherIsBetter);
        double[] pValues = spec.TestsImprovement ? [above, below, comparison.OneSidedPValues(0, spec.HigherIsBetter).Above] : [above, below];
        return PairedCheck.Tested(comparison, pValues, (adjusted, family) =>
            Decide(spec, run, paired, comparison, pValues, adjusted, family, options, format, excluded));
    }

    private static GateResult Decide(
        PairedGateSpec spec, RunResult run, PairedSamples paired, PairedComparison comparison,
        IReadOnlyList<double> pValues, IReadOnlyList<double> adjusted, int family, GateOptions options, string format, string excluded)
    {
        var oriented = PairedRules.Orient(comparison.Difference, spec.HigherIsBetter);
        var verdict = PairedRules.Decide(adjusted[0], adjusted[1], options.Alpha);
        // The p-value shown is the decisive branch's: the one that decided, or the nearer one when neither did.
        var shown = verdict == GateVerdict.Fail || (verdict == GateVerdict.Inconclusive && pValues[1] < pValues[0]) ? 1 : 0;

        var ppi = comparison.PredictionPowered;
        // A prediction-powered check counts, and asks for, cases labelled in both.
        var cases = ppi is null ? "cases" : "labelled cases";
        int? required = null;
        var reason = "";
        if (verdict == GateVerdict.Inconclusive)
        {
            var gap = Gap(spec, oriented);
            if (gap > 0)
            {
                required = PowerAnalysis.CasesToDecide(SpreadPerCase(comparison), gap, ppi?.Labelled ?? paired.N, options.Alpha, options.Power);
                reason = GateText.Needed(required, gap, format, cases) is { } needed ? $": {needed}" : "";
            }
            else
            {
                reason = spec.IsRegression
                    ? ": the estimate is worse than the margin, but not significantly"
                    : ": no difference was observed";
            }
        }

        var direction = spec.HigherIsBetter ? "" : " (lower is better)";
        var margin = GateNames.Number(spec.Margin) + (spec.RelativeMargin is { } share ? $" ({GateNames.Number(share * 100)}% of the reference mean)" : "");
        var requirement = spec.IsRegression
            ? $"reject H0 \"change{direction} ≤ -{margin}\" (non-inferiority, one-sided)"
            : $"reject H0 \"{spec.CurrentLabel} better{direction} by ≤ {margin}\" (superiority, one-sided)";
        var worstIndex = comparison.WorstCaseIndex;
        var worstId = paired.CaseIds[worstIndex];
        var worstIsWorse = spec.HigherIsBetter
            ? paired.Current[worstIndex] < paired.Reference[worstIndex]
            : paired.Current[worstIndex] > paired.Reference[worstIndex];
        var worst = worstIsWorse
            ? $"Worst case: {GateText.CaseLabel(run, worstId)}: {GateText.Format(paired.Current[worstIndex], format)} vs {GateText.Format(paired.Reference[worstIndex], format)}"
            : $"No case is worse in {spec.CurrentLabel} than in {spec.ReferenceLabel}";
        // With labels in both, the figures are prediction-powered and the tests are t tests of that estimate.
        var basis = ppi is { } estimate
            ? $", {estimate.Labelled} labelled in both ({PredictionPowered.Method}: people's labels rectify the scorer's differences; t test, {estimate.Labelled - 1} df)"
            : "";
        var message =
            $"{spec.MetricId}: {spec.CurrentLabel} {GateText.Format(comparison.MeanCurrent, format)} vs {spec.ReferenceLabel} {GateText.Format(comparison.MeanReference, format)} " +
            $"on n = {comparison.N} shared cases{excluded}{basis}; difference {GateText.Format(comparison.Difference.Estimate, "+" + format + ";-" + format)}, " +
            $"{GateText.Interval(comparison.Difference, format)}; " +
            $"required: {requirement} with Holm-adjusted p < {GateNames.Number(options.Alpha)} over the {family} hypotheses of this evaluation; " +
            $"{(shown == 0 ? "pass" : "fail")} branch {GateText.PValue(pValues[shown])}, Holm-adjusted {GateText.PValue(adjusted[shown])} " +
            $"→ {GateText.Verdict(verdict)}{reason}. " +
            $"{worst}; {GateText.Detectable(ppi?.Labelled ?? comparison.N, comparison.MinimumDetectableEffect, format, cases)}.";

        return spec.Template with
        {
            Verdict = verdict,
            Message = message,
            Value = comparison.Difference.Estimate,
            CiLow = comparison.Difference.Low,
            CiHigh = comparison.Difference.High,
            Threshold = spec.HigherIsBetter ? spec.Boundary : -spec.Boundary,
            N = comparison.N,
            PValue = pValues[shown],
            AdjustedPValue = adjusted[shown],
            WorstCase = worstIsWorse ? GateText.CaseLabel(run, worstId) : null,
            MinimumDetectableEffect = comparison.MinimumDetectableEffect,
            RequiredN = required,
            Labelled = ppi?.Labelled,
            InconclusiveReason = verdict == GateVerdict.Inconclusive ? InconclusiveReasons.NotSignificant : null,
        };
    }

    /// <summary>People's value on each case (null where that side's answer is not labelled), in the paired order.</summary>
    private static double?[] Aligned(IReadOnlyList<string> caseIds, IReadOnlyDictionary<string, double> people) =>
        [.. caseIds.Select(id => people.TryGetValue(id, out var value) ? value : (double?)null)];

    /// <summary>The spread one case adds to the estimate, for sample-size arithmetic: of the differences, or per labelled case.</summary>
    private static double SpreadPerCase(PairedComparison comparison) => comparison.PredictionPowered?.PerLabelSd ?? comparison.DifferenceSd;

    /// <summary>How far the estimate sits from the boundary the verdict turns on (+margin for "beats", −margin for non-inferiority).</summary>
    private static double Gap(PairedGateSpec spec, ConfidenceInterval oriented) =>
        spec.IsRegression ? oriented.Estimate + spec.Margin : Math.Abs(oriented.Estimate - spec.Margin);
}
