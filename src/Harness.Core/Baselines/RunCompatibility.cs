using Harness.Core.Results;

namespace Harness.Core.Baselines;

/// <summary>
/// Whether two runs measured the same thing: the same model files (by sha256), the same dataset
/// (by hash), the same CPU variant of llama.cpp and the same support scorer (by identity: name, threshold, coefficients' or judge model's
/// hash), since a different scorer moves faithfulness and hallucination without the pipeline changing.
/// Paired comparisons of runs that differ here compare different experiments, so they are refused unless forced.
/// </summary>
public static class RunCompatibility
{
    /// <summary>Each reason the runs are not comparable; empty when they are. A hash or scorer one run does not record is not held against it.</summary>
    public static IReadOnlyList<string> Differences(RunResult a, RunResult b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var reasons = new List<string>();
        var modelsA = Models(a.Environment);
        var modelsB = Models(b.Environment);
        foreach (var key in modelsA.Keys.Union(modelsB.Keys).Order(StringComparer.Ordinal))
        {
            var shaA = modelsA.GetValueOrDefault(key);
            var shaB = modelsB.GetValueOrDefault(key);
            if (shaA != shaB)
            {
                reasons.Add($"model hash differs for {key}: {Short(shaA)} in {a.Info.RunId} vs {Short(shaB)} in {b.Info.RunId}");
            }
        }
        if (a.Info.DatasetHash is { } hashA && b.Info.DatasetHash is { } hashB && hashA != hashB)
        {
            reasons.Add($"dataset hash differs: {Short(hashA)} in {a.Info.RunId} vs {Short(hashB)} in {b.Info.RunId}");
        }
        if (a.Environment.CpuVariant is { } variantA && b.Environment.CpuVariant is { } variantB && variantA != variantB)
        {
            reasons.Add($"CPU variant differs (other llama.cpp kernels, so other floating-point results): {variantA} in {a.Info.RunId} vs {variantB} in {b.Info.RunId}");
        }
        if (a.Info.SupportScorer is { } scorerA && b.Info.SupportScorer is { } scorerB && scorerA.Identity != scorerB.Identity)
        {
            reasons.Add($"support scorer differs (faithfulness and hallucination judged differently): {scorerA.Identity} in {a.Info.RunId} vs {scorerB.Identity} in {b.Info.RunId}");
        }
        return reasons;
    }

    /// <summary>One short hash over every model file of a run (role, name, sha256), for history rows and tables; null when the run used no model.</summary>
    public static string? ModelFingerprint(RunEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (environment.Models.Count == 0)
        {
            return null;
        }
        var lines = Models(environment).OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{m.Key} {m.Value}\n");
        return Hashing.OfText(string.Concat(lines))[..16];
    }

    private static Dictionary<string, string> Models(RunEnvironment environment) =>
        environment.Models
            .GroupBy(m => $"{m.Role} {m.Name}")
            .ToDictionary(g => g.Key, g => string.Join("+", g.Select(m => m.Sha256).Order(StringComparer.Ordinal)));

    private static string Short(string? hash) => hash is null ? "(none)" : hash.Length > 12 ? hash[..12] : hash;
}
