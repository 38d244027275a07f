using Harness.Core.Metrics;
using Harness.Core.Results;
using Harness.Core.Statistics;

namespace Harness.Core.Labels;

/// <summary>
/// Puts a suite's human labels to work on a run: a case counts as labelled for a pipeline when people labelled
/// every claim the scorer decided in its answer; each faithfulness and hallucination aggregate with at least
/// two labelled cases becomes prediction-powered (<see cref="PredictionPowered"/>), its summary row replaced and
/// its three intervals kept (<see cref="LabelledEstimate"/>). The sample must be a uniform random one of the
/// run's cases (<c>harness label export</c> draws it so) for the interval to be valid.
/// </summary>
public static class HumanLabelling
{
    /// <summary>People's value of each metric on a fully labelled answer, from their verdicts on its claims.</summary>
    private static readonly Dictionary<string, Func<IReadOnlyList<bool>, double>> _humanValues = new()
    {
        ["faithfulness"] = supported => (double)supported.Count(s => s) / supported.Count,
        ["claim_hallucination_rate"] = supported => (double)supported.Count(s => !s) / supported.Count,
        ["hallucination_rate"] = supported => supported.Any(s => !s) ? 1 : 0,
    };

    /// <summary>The metrics labels make prediction-powered.</summary>
    public static IReadOnlyCollection<string> MetricIds => _humanValues.Keys;

    public static RunResult Apply(RunResult run, IReadOnlyList<ClaimLabel> labels, string file)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(labels);
        var present = run.Results
            .Where(r => r.Output is not null)
            .SelectMany(r => ClaimLabels.Judged(r).Select(c => (r.CaseId, r.Pipeline, ClaimLabels.Hash(c.Text, r.Output!.Context))))
            .ToHashSet();
        var matched = labels.Where(l => present.Contains(l.Key)).ToArray();
        var stale = labels.Where(l => !present.Contains(l.Key)).ToArray();
        var byKey = matched.DistinctBy(l => l.Key).ToDictionary(l => l.Key, l => l.Supported);
        var estimates = new List<LabelledEstimate>();
        var summary = run.Summary.ToList();
        foreach (var metric in run.Metrics.Where(m => _humanValues.ContainsKey(m.Id)))
        {
            foreach (var pipeline in run.Results.Select(r => r.Pipeline).Distinct())
            {
                var cases = Units(run, byKey, pipeline, metric.Id);
                var units = cases.Select(c => c.Unit).ToArray();
                if (PredictionPowered.Of(units) is not { } interval)
                {
                    continue;
                }
                // These metrics are shares: an interval end beyond [0, 1] says no more than the bound.
                var ppi = new ConfidenceInterval(Math.Clamp(interval.Estimate, 0, 1), Math.Max(interval.Low, 0), Math.Min(interval.High, 1), interval.Level);
                var humans = units.Where(u => u.Human is not null).Select(u => u.Human!.Value).ToArray();
                var (labelsOnly, labelsOnlyMethod) = MetricIntervals.Of(metric, humans, run.Info.Seed);
                var index = summary.FindIndex(s => s.Pipeline == pipeline && s.MetricId == metric.Id);
                var scorer = index >= 0 ? summary[index] : null;
                estimates.Add(new LabelledEstimate(pipeline, metric.Id, humans.Length, units.Length, ppi, labelsOnly, labelsOnlyMethod,
                    scorer is { Mean: { } mean, CiLow: { } low, CiHigh: { } high } ? new ConfidenceInterval(mean, low, high, ppi.Level) : null, scorer?.Interval)
                {
                    People = cases.Where(c => c.Unit.Human is not null).ToDictionary(c => c.CaseId, c => c.Unit.Human!.Value),
                });
                if (scorer is not null)
                {
                    summary[index] = scorer with
                    {
                        Mean = ppi.Estimate,
                        CiLow = ppi.Low,
                        CiHigh = ppi.High,
                        Interval = PredictionPowered.Method,
                        SmallSample = humans.Length < MetricIntervals.DefaultMinimumN,
                    };
                }
            }
        }
        return run with { Summary = summary, Labels = new RunLabels(file, matched, stale) { Estimates = estimates } };
    }

    /// <summary>
    /// One unit per case with an ok value of the metric in the pipeline: the scorer's value, and people's when
    /// they labelled every claim the scorer decided in that answer.
    /// </summary>
    private static List<(string CaseId, PpiUnit Unit)> Units(RunResult run, Dictionary<(string, string, string), bool> labels, string pipeline, string metricId)
    {
        var results = run.Results.Where(r => r.Pipeline == pipeline && r.Output is not null).ToDictionary(r => r.CaseId);
        var units = new List<(string, PpiUnit)>();
        foreach (var sample in MetricSamples.For(run.Results, pipeline, metricId).Where(s => s.Status == ValueStatus.Ok))
        {
            double? human = null;
            if (results.TryGetValue(sample.CaseId, out var result) && ClaimLabels.Judged(result) is { Count: > 0 } claims)
            {
                var verdicts = claims
                    .Select(c => labels.TryGetValue((result.CaseId, pipeline, ClaimLabels.Hash(c.Text, result.Output!.Context)), out var supported) ? supported : (bool?)null)
                    .ToArray();
                human = verdicts.All(v => v is not null) ? _humanValues[metricId]([.. verdicts.Select(v => v!.Value)]) : null;
            }
            units.Add((sample.CaseId, new PpiUnit(sample.Value!.Value, human)));
        }
        return units;
    }
}
