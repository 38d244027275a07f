using Harness.Core.Metrics;
using Harness.Core.Results;
using Harness.Core.Statistics;

namespace Harness.Core.Gates;

/// <summary>
/// What distinguishes a comparison gate (current must beat reference by more than the margin) from a
/// regression check (current must not trail reference by more than the margin); the rest is shared.
/// </summary>
internal sealed record PairedGateSpec(
    GateResult Template, string CurrentLabel, string ReferenceLabel, string MetricId, bool HigherIsBetter, double Margin, bool IsRegression)
{
    /// <summary>The raw difference (current − reference) a comparison's test is centred on: "better by exactly the margin".</summary>
    public double NullDifference => IsRegression ? 0 : HigherIsBetter ? Margin : -Margin;
}

/// <summary>Builds a <see cref="PairedCheck"/>: the checks that need no test first, then the paired statistics.</summary>
internal static class PairedGate
{
    public static PairedCheck Prepare(
        PairedGateSpec spec, RunResult run, IReadOnlyList<MetricSample> current, IReadOnlyList<MetricSample> reference, GateOptions options)
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
                ? template with { Message = $"the baseline has no {spec.MetricId} values for {spec.CurrentLabel}; save a new baseline to check it" }
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
        var comparison = PairedComparison.Compute(
            paired.Current, paired.Reference, run.Info.Seed, spec.HigherIsBetter, spec.NullDifference, options.Resamples, options.Level);
        if (comparison is null || paired.N < options.MinimumCases)
        {
            var required = options.MinimumCases;
            if (comparison is not null)
            {
                var gap = Gap(spec, PairedRules.Orient(comparison.Difference, spec.HigherIsBetter));
                required = Math.Max(required, PowerAnalysis.RequiredSampleSize(comparison.DifferenceSd, gap, options.Alpha, options.Power) ?? 0);
            }
            return PairedCheck.Decided(template with
            {
                Message = $"only {paired.N} cases have an ok {spec.MetricId} value in both {spec.CurrentLabel} and {spec.ReferenceLabel} " +
                          $"(fewer than {options.MinimumCases}); about {required} would be needed",
                N = paired.N,
                RequiredN = required,
            });
        }

        var excluded = referenceErrors.Length > 0 ? $" ({referenceErrors.Length} baseline cases in error excluded)" : "";
        return PairedCheck.Tested(comparison, (adjustedP, family) =>
            Decide(spec, run, paired, comparison, adjustedP, family, options, format, excluded));
    }

    private static GateResult Decide(
        PairedGateSpec spec, RunResult run, PairedSamples paired, PairedComparison comparison,
        double adjustedP, int family, GateOptions options, string format, string excluded)
    {
        var oriented = PairedRules.Orient(comparison.Difference, spec.HigherIsBetter);
        var verdict = spec.IsRegression
            ? PairedRules.NonInferior(oriented, adjustedP, spec.Margin, options.Alpha)
            : PairedRules.Beats(oriented, adjustedP, spec.Margin, options.Alpha);

        int? required = null;
        var reason = "";
        if (verdict == GateVerdict.Inconclusive)
        {
            var gap = Gap(spec, oriented);
            if (gap > 0)
            {
                required = PowerAnalysis.RequiredSampleSize(comparison.DifferenceSd, gap, options.Alpha, options.Power);
                reason = $": {GateText.Needed(required, gap, format)}";
            }
            else
            {
                reason = spec.IsRegression
                    ? ": the estimate is worse than the margin, but not significantly"
                    : ": no difference was observed";
            }
        }

        var direction = spec.HigherIsBetter ? "" : " (lower is better)";
        var by = spec.Margin > 0 ? $" by more than {GateNames.Number(spec.Margin)}" : "";
        var requirement = spec.IsRegression
            ? $"CI of the change{direction} not below -{GateNames.Number(spec.Margin)} (non-inferiority)"
            : $"{spec.CurrentLabel} better{by}{direction} with Holm-adjusted p < {GateNames.Number(options.Alpha)}";
        var worstIndex = comparison.WorstCaseIndex;
        var worstId = paired.CaseIds[worstIndex];
        var worstIsWorse = spec.HigherIsBetter
            ? paired.Current[worstIndex] < paired.Reference[worstIndex]
            : paired.Current[worstIndex] > paired.Reference[worstIndex];
        var worst = worstIsWorse
            ? $"Worst case: {GateText.CaseLabel(run, worstId)}: {GateText.Format(paired.Current[worstIndex], format)} vs {GateText.Format(paired.Reference[worstIndex], format)}"
            : $"No case is worse in {spec.CurrentLabel} than in {spec.ReferenceLabel}";
        var message =
            $"{spec.MetricId}: {spec.CurrentLabel} {GateText.Format(comparison.MeanCurrent, format)} vs {spec.ReferenceLabel} {GateText.Format(comparison.MeanReference, format)} " +
            $"on n = {comparison.N} shared cases{excluded}; difference {GateText.Format(comparison.Difference.Estimate, "+" + format + ";-" + format)}, " +
            $"{GateText.Interval(comparison.Difference, format)}, {GateText.PValue(comparison.PValue)} " +
            $"(Holm-adjusted {GateText.PValue(adjustedP)} over {family} comparison{(family == 1 ? "" : "s")}); " +
            $"required: {requirement} → {GateText.Verdict(verdict)}{reason}. " +
            $"{worst}; {GateText.Detectable(comparison.N, comparison.MinimumDetectableEffect, format)}.";

        return spec.Template with
        {
            Verdict = verdict,
            Message = message,
            Value = comparison.Difference.Estimate,
            CiLow = comparison.Difference.Low,
            CiHigh = comparison.Difference.High,
            N = comparison.N,
            PValue = comparison.PValue,
            AdjustedPValue = adjustedP,
            WorstCase = worstIsWorse ? GateText.CaseLabel(run, worstId) : null,
            MinimumDetectableEffect = comparison.MinimumDetectableEffect,
            RequiredN = required,
        };
    }

    /// <summary>How far the estimate sits from the boundary the verdict turns on (+margin for "beats", −margin for non-inferiority).</summary>
    private static double Gap(PairedGateSpec spec, ConfidenceInterval oriented) =>
        spec.IsRegression ? oriented.Estimate + spec.Margin : Math.Abs(oriented.Estimate - spec.Margin);
}
