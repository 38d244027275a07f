using Harness.Core.Metrics;
using Harness.Core.Statistics;

namespace Harness.Core.Gates;

/// <summary>Two sample lists aligned on the cases where both have an ok value, in the current list's order.</summary>
internal sealed record PairedSamples(string[] CaseIds, double[] Current, double[] Reference)
{
    public static PairedSamples Align(IReadOnlyList<MetricSample> current, IReadOnlyList<MetricSample> reference)
    {
        var referenceValues = reference
            .Where(s => s.Status == ValueStatus.Ok)
            .GroupBy(s => s.CaseId)
            .ToDictionary(g => g.Key, g => g.First().Value!.Value);
        var shared = current
            .Where(s => s.Status == ValueStatus.Ok && referenceValues.ContainsKey(s.CaseId))
            .ToArray();
        return new PairedSamples(
            shared.Select(s => s.CaseId).ToArray(),
            shared.Select(s => s.Value!.Value).ToArray(),
            shared.Select(s => referenceValues[s.CaseId]).ToArray());
    }

    public int N => CaseIds.Length;
}
