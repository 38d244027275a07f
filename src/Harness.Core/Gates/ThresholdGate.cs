using Harness.Core.Metrics;
using Harness.Core.Results;
using Harness.Core.Statistics;
using MathNet.Numerics.Statistics;

namespace Harness.Core.Gates;

/// <summary>
/// <c>{ metric: recall@5, pipeline: rag, min: 0.60 }</c>: a metric's 95% CI must lie above <see cref="Min"/>
/// and/or below <see cref="Max"/> (<see cref="ThresholdGate"/>); on one pipeline, or on each that has the metric when null.
/// </summary>
public sealed record ThresholdGateDefinition(string Metric, string? Pipeline, double? Min, double? Max) : GateDefinition
{
    public static ThresholdGateDefinition? Read(GateReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var map = reader.Map;
        var metric = reader.Metric();
        var pipeline = reader.Pipeline(map.Get("pipeline"), map.String("pipeline"));
        var min = reader.Bound("min", metric);
        var max = reader.Bound("max", metric);
        if (min is null && max is null && !map.Has("min") && !map.Has("max"))
        {
            map.Report(map.Node, "a metric gate needs 'min:' and/or 'max:'");
            return null;
        }
        if (min > max)
        {
            map.Report(map.Get("min")!, $"'min' ({min}) is above 'max' ({max}) - no value can pass");
            return null;
        }
        return metric is null || (min is null && max is null) ? null : new ThresholdGateDefinition(metric, pipeline, min, max);
    }

    public override string Name(string suite) => GateNames.Threshold(suite, Pipeline ?? GateNames.EveryPipeline, Metric, Min, Max);

    public override IReadOnlyList<string>? Pipelines => Pipeline is { } pipeline ? [pipeline] : null;

    public override IReadOnlyList<string> MetricIds => [Metric];

    public override IEnumerable<PairedCheck> Evaluate(GateContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var run = context.Run;
        if (Pipeline is { } pipeline)
        {
            return [PairedCheck.Decided(ThresholdGate.Evaluate(context.Name, run, pipeline, Metric, Min, Max, context.Options))];
        }
        var pipelines = GateEvaluator.Pipelines(run)
            .Where(p => MetricSamples.For(run.Results, p, Metric).Count > 0 || run.Summary.Any(s => s.Pipeline == p && s.MetricId == Metric))
            .ToList();
        if (pipelines.Count == 0)
        {
            return [PairedCheck.Decided(new GateResult(context.Name, GateVerdict.Fail, $"no pipeline of the run has {Metric} values") { Kind = GateKind.Threshold, MetricId = Metric })];
        }
        return pipelines.Select(p => PairedCheck.Decided(
            ThresholdGate.Evaluate(GateNames.Threshold(context.Suite, p, Metric, Min, Max), run, p, Metric, Min, Max, context.Options)));
    }
}

/// <summary>
/// A metric of one pipeline against absolute bounds, decided on the CI (<see cref="MetricIntervals"/>:
/// Clopper–Pearson for proportions, BCa bootstrap otherwise), not the point estimate: min passes
/// when CI low ≥ min and fails when CI high &lt; min; max passes when CI high ≤ max and fails when
/// CI low &gt; max; anything else, or fewer than <see cref="GateOptions.MinimumCases"/> usable cases,
/// is inconclusive. Any case in error fails the gate. A faithfulness or hallucination metric with human labels
/// decides on its prediction-powered interval (<see cref="Labels.HumanLabelling"/>), n being the labelled cases. A corpus metric (corpus BLEU) has no per-case
/// values: its gate decides on the run's case-bootstrap summary.
/// </summary>
public static class ThresholdGate
{
    public static GateResult Evaluate(
        string name, RunResult run, string pipeline, string metricId, double? min, double? max, GateOptions options)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(options);
        if (min is null && max is null)
        {
            throw new ArgumentException("A threshold gate needs a min or a max.", nameof(min));
        }
        var descriptor = run.Metrics.FirstOrDefault(m => m.Id == metricId) ?? new MetricDescriptor(metricId, metricId, "", "", HigherIsBetter: true);
        var format = descriptor.Format;
        var result = new GateResult(name, GateVerdict.Inconclusive, "")
        {
            Kind = GateKind.Threshold,
            Pipeline = pipeline,
            MetricId = metricId,
            Threshold = min ?? max,
        };

        var samples = MetricSamples.For(run.Results, pipeline, metricId);
        if (samples.Count == 0 && run.Summary.FirstOrDefault(s => s.Pipeline == pipeline && s.MetricId == metricId
                && s.Interval is CorpusMetricSummaries.CaseBootstrap or MetricSummary.Measured) is { } corpus)
        {
            return OnCorpusSummary(result, corpus, min, max, options, format);
        }
        if (samples.Count == 0)
        {
            return result with
            {
                Verdict = GateVerdict.Fail,
                Message = $"the run has no {metricId} values for pipeline {pipeline}: is the pipeline in the suite and the metric's family under metrics?",
            };
        }
        var errors = samples.Where(s => s.Status == ValueStatus.Error).ToArray();
        if (errors.Length > 0)
        {
            return result with
            {
                Verdict = GateVerdict.Fail,
                N = samples.Count(s => s.Status == ValueStatus.Ok),
                Message = GateText.Errors(run, $"{metricId} in {pipeline}", errors, samples.Count),
                WorstCase = GateText.CaseLabel(run, errors[0].CaseId),
            };
        }

        var ok = samples.Where(s => s.Status == ValueStatus.Ok).ToArray();
        var inconclusive = samples.Count - ok.Length;
        if (ok.Length == 0)
        {
            return result with
            {
                Message = $"no case has an ok {metricId} value in {pipeline} ({inconclusive} inconclusive, e.g. {samples[0].CaseId}: {samples[0].Diagnostic}); " +
                          $"at least {options.MinimumCases} are needed",
                RequiredN = options.MinimumCases,
                InconclusiveReason = InconclusiveReasons.NoUsableValues,
            };
        }

        var values = ok.Select(s => s.Value!.Value).ToArray();
        // With human labels the interval is prediction-powered and its sample size is the labelled cases (HumanLabelling).
        var labelled = run.Labels?.Find(pipeline, metricId);
        var (interval, method) = labelled is null
            ? MetricIntervals.Of(descriptor, values, run.Info.Seed, options.Resamples, options.Level)
            : (labelled.PredictionPowered, $"{PredictionPowered.Method}: {labelled.Labelled} labelled of {labelled.Judged} judged");
        var ci = interval!.Value;
        var decidingN = labelled?.Labelled ?? values.Length;
        var sd = values.Length > 1 ? values.StandardDeviation() : 0.0;
        var mde = PowerAnalysis.MinimumDetectableEffect(sd, values.Length, options.Alpha, options.Power);
        // The case that hurt most pulls the mean towards the bound the gate guards: the lowest value under a min.
        var worst = min is not null
            ? ok.MinBy(s => s.Value!.Value)!
            : ok.MaxBy(s => s.Value!.Value)!;

        var verdict = Combine(
            min is { } minimum ? AgainstMin(ci, minimum) : GateVerdict.Pass,
            max is { } maximum ? AgainstMax(ci, maximum) : GateVerdict.Pass);
        var bound = BoundThatDecides(ci, min, max);
        int? required = null;
        var reason = "";
        string? undecided = null;
        if (decidingN < options.MinimumCases)
        {
            verdict = GateVerdict.Inconclusive;
            undecided = InconclusiveReasons.TooFewCases;
            var gap = Math.Abs(ci.Estimate - bound);
            required = Math.Max(options.MinimumCases, PowerAnalysis.RequiredSampleSize(sd, gap, options.Alpha, options.Power) ?? 0);
            reason = $": only {decidingN} usable {(labelled is null ? "" : "labelled ")}cases (fewer than {options.MinimumCases}); about {required} would be needed";
        }
        else if (verdict == GateVerdict.Inconclusive)
        {
            undecided = InconclusiveReasons.IntervalStraddlesBound;
            var gap = Math.Abs(ci.Estimate - bound);
            required = PowerAnalysis.CasesToDecide(sd, gap, values.Length, options.Alpha, options.Power);
            reason = $": the CI straddles {GateNames.Number(bound)}" + (GateText.Needed(required, gap, format) is { } needed ? $"; {needed}" : "");
        }

        var requirement = (min, max) switch
        {
            ({ } low, { } high) => $"CI low ≥ {GateNames.Number(low)} and CI high ≤ {GateNames.Number(high)}",
            ({ } low, null) => $"CI low ≥ {GateNames.Number(low)}",
            _ => $"CI high ≤ {GateNames.Number(max!.Value)}",
        };
        var counted = inconclusive > 0 ? $"n = {values.Length} ({inconclusive} inconclusive excluded)" : $"n = {values.Length}";
        var message =
            $"{metricId} of {pipeline} = {GateText.Format(ci.Estimate, format)}, {GateText.Interval(ci, format)} ({method}), {counted}; " +
            $"required: {requirement} → {GateText.Verdict(verdict)}{reason}. " +
            $"Worst case: {GateText.CaseLabel(run, worst.CaseId)} = {GateText.Format(worst.Value!.Value, format)}; " +
            $"{GateText.Detectable(values.Length, mde, format)}.";

        return result with
        {
            Verdict = verdict,
            Message = message,
            Value = ci.Estimate,
            CiLow = ci.Low,
            CiHigh = ci.High,
            Threshold = bound,
            N = values.Length,
            WorstCase = GateText.CaseLabel(run, worst.CaseId),
            MinimumDetectableEffect = mde,
            RequiredN = required,
            Labelled = labelled?.Labelled,
            InconclusiveReason = undecided,
        };
    }

    private static GateResult OnCorpusSummary(GateResult result, MetricSummary corpus, double? min, double? max, GateOptions options, string format)
    {
        if (corpus is not { Mean: { } mean })
        {
            return result with
            {
                Message = $"{result.MetricId} of {result.Pipeline} has no value: no case produced an output with a reference",
                InconclusiveReason = InconclusiveReasons.NoUsableValues,
            };
        }
        // A measured figure (index size, token total) is one value, not an estimate: its "interval" is the value itself.
        var measured = corpus.Interval == MetricSummary.Measured;
        var (low, high) = measured ? (mean, mean) : (corpus.CiLow ?? mean, corpus.CiHigh ?? mean);
        var ci = new ConfidenceInterval(mean, low, high, Bootstrap.DefaultLevel);
        var verdict = Combine(
            min is { } minimum ? AgainstMin(ci, minimum) : GateVerdict.Pass,
            max is { } maximum ? AgainstMax(ci, maximum) : GateVerdict.Pass);
        var reason = "";
        if (!measured && corpus.N < options.MinimumCases)
        {
            verdict = GateVerdict.Inconclusive;
            reason = $": only {corpus.N} cases (fewer than {options.MinimumCases})";
        }
        var undecided = verdict != GateVerdict.Inconclusive ? null
            : reason.Length > 0 ? InconclusiveReasons.TooFewCases
            : InconclusiveReasons.IntervalStraddlesBound;
        var bound = BoundThatDecides(ci, min, max);
        return result with
        {
            Verdict = verdict,
            Message = $"{result.MetricId} of {result.Pipeline} = {GateText.Format(mean, format)}, " +
                      (measured ? "measured once (no interval)" : $"{GateText.Interval(ci, format)} ({CorpusMetricSummaries.CaseBootstrap}: the corpus statistic recomputed on resampled cases)") +
                      $", n = {corpus.N}; " +
                      $"required: CI against {GateNames.Number(bound)} → {GateText.Verdict(verdict)}{reason}.",
            Value = mean,
            CiLow = low,
            CiHigh = high,
            Threshold = bound,
            N = corpus.N,
            InconclusiveReason = undecided,
        };
    }

    private static GateVerdict AgainstMin(ConfidenceInterval ci, double min) =>
        ci.Low >= min ? GateVerdict.Pass : ci.High < min ? GateVerdict.Fail : GateVerdict.Inconclusive;

    private static GateVerdict AgainstMax(ConfidenceInterval ci, double max) =>
        ci.High <= max ? GateVerdict.Pass : ci.Low > max ? GateVerdict.Fail : GateVerdict.Inconclusive;

    private static GateVerdict Combine(GateVerdict a, GateVerdict b) =>
        a == GateVerdict.Fail || b == GateVerdict.Fail ? GateVerdict.Fail
        : a == GateVerdict.Inconclusive || b == GateVerdict.Inconclusive ? GateVerdict.Inconclusive
        : GateVerdict.Pass;

    /// <summary>With both bounds, the one the estimate is nearer to is the one in question.</summary>
    private static double BoundThatDecides(ConfidenceInterval ci, double? min, double? max) =>
        (min, max) switch
        {
            ({ } low, { } high) => Math.Abs(ci.Estimate - low) <= Math.Abs(high - ci.Estimate) ? low : high,
            ({ } low, null) => low,
            _ => max!.Value,
        };
}
