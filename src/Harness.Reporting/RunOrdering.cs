using Harness.Core.Data;
using Harness.Core.Results;

namespace Harness.Reporting;

/// <summary>
/// The one deterministic order of every report: pipelines as the suite lists them, cases as the
/// dataset lists them; anything not listed (a result of a pipeline or case the run does not name)
/// comes after, in ordinal order, so output never depends on store or dictionary order.
/// </summary>
internal static class RunOrdering
{
    public static IReadOnlyList<string> PipelineNames(RunResult run)
    {
        var names = run.Pipelines.Select(p => p.Name).ToList();
        var known = names.ToHashSet(StringComparer.Ordinal);
        names.AddRange(run.Results.Select(r => r.Pipeline)
            .Concat(run.Summary.Select(s => s.Pipeline))
            .Where(known.Add)
            .Order(StringComparer.Ordinal));
        return names;
    }

    public static IReadOnlyList<CaseResult> Results(RunResult run)
    {
        var pipelineIndex = Index(PipelineNames(run));
        var caseIndex = Index(run.Cases.Select(c => c.Id));
        return [.. run.Results
            .OrderBy(r => pipelineIndex[r.Pipeline])
            .ThenBy(r => caseIndex.GetValueOrDefault(r.CaseId, int.MaxValue))
            .ThenBy(r => r.CaseId, StringComparer.Ordinal)];
    }

    public static IReadOnlyDictionary<string, EvalCase> CasesById(RunResult run)
    {
        var cases = new Dictionary<string, EvalCase>(StringComparer.Ordinal);
        foreach (var evalCase in run.Cases)
        {
            cases.TryAdd(evalCase.Id, evalCase);
        }
        return cases;
    }

    /// <summary>Summaries by pipeline order, then metric descriptor order; unknown metrics last.</summary>
    public static IReadOnlyList<MetricSummary> Summaries(RunResult run)
    {
        var pipelineIndex = Index(PipelineNames(run));
        var metricIndex = Index(run.Metrics.Select(m => m.Id));
        return [.. run.Summary
            .OrderBy(s => pipelineIndex[s.Pipeline])
            .ThenBy(s => metricIndex.GetValueOrDefault(s.MetricId, int.MaxValue))
            .ThenBy(s => s.MetricId, StringComparer.Ordinal)];
    }

    private static Dictionary<string, int> Index(IEnumerable<string> names)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            index.TryAdd(name, index.Count);
        }
        return index;
    }
}
