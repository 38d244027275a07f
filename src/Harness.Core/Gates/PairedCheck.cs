using Harness.Core.Statistics;

namespace Harness.Core.Gates;

/// <summary>
/// A paired gate (comparison or regression check) evaluated up to its one-sided p-values. Its verdict
/// waits for the Holm adjustment across every hypothesis of every paired check of the evaluation —
/// the "pass" and the "fail" branch of each check alike; checks decided without a test (errors,
/// missing values, too few cases) take no part in the correction.
/// </summary>
public sealed class PairedCheck
{
    private readonly GateResult? _decided;
    private readonly Func<IReadOnlyList<double>, int, GateResult>? _decide;

    private PairedCheck(GateResult? decided, PairedComparison? comparison, IReadOnlyList<double> pValues, Func<IReadOnlyList<double>, int, GateResult>? decide)
    {
        _decided = decided;
        Comparison = comparison;
        PValues = pValues;
        _decide = decide;
    }

    /// <summary>The paired statistics, when there were enough shared cases to test.</summary>
    public PairedComparison? Comparison { get; }

    /// <summary>The raw one-sided p-value of each hypothesis the check tests (see <see cref="PairedGate"/> for the order).</summary>
    public IReadOnlyList<double> PValues { get; }

    internal static PairedCheck Decided(GateResult result) => new(result, null, [], null);

    internal static PairedCheck Tested(PairedComparison comparison, IReadOnlyList<double> pValues, Func<IReadOnlyList<double>, int, GateResult> decide) =>
        new(null, comparison, pValues, decide);

    /// <summary>Resolves every check, adjusting all their hypotheses together (Holm).</summary>
    public static IReadOnlyList<GateResult> ResolveAll(IReadOnlyList<PairedCheck> checks) =>
        [.. ResolveWithAdjusted(checks).Select(r => r.Result)];

    /// <summary>Like <see cref="ResolveAll"/>, with each check's Holm-adjusted p-values (empty for an untested check).</summary>
    public static IReadOnlyList<(GateResult Result, IReadOnlyList<double> Adjusted)> ResolveWithAdjusted(IReadOnlyList<PairedCheck> checks)
    {
        ArgumentNullException.ThrowIfNull(checks);
        var all = checks.SelectMany(c => c.PValues).ToArray();
        var adjusted = Holm.Adjust(all);
        var results = new List<(GateResult, IReadOnlyList<double>)>(checks.Count);
        var offset = 0;
        foreach (var check in checks)
        {
            if (check._decide is null)
            {
                results.Add((check._decided!, []));
                continue;
            }
            var mine = adjusted[offset..(offset + check.PValues.Count)];
            offset += check.PValues.Count;
            results.Add((check._decide(mine, all.Length), mine));
        }
        return results;
    }
}
