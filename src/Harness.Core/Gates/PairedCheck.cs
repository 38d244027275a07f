using Harness.Core.Statistics;

namespace Harness.Core.Gates;

/// <summary>
/// A paired gate (comparison or regression check) evaluated up to its p-value. Its verdict waits for
/// the Holm adjustment across every paired check of the gate set; checks decided without a test
/// (errors, missing values, too few cases) take no part in the correction.
/// </summary>
public sealed class PairedCheck
{
    private readonly GateResult? _decided;
    private readonly Func<double, int, GateResult>? _decide;

    private PairedCheck(GateResult? decided, PairedComparison? comparison, Func<double, int, GateResult>? decide)
    {
        _decided = decided;
        Comparison = comparison;
        _decide = decide;
    }

    /// <summary>The paired statistics, when there were enough shared cases to test.</summary>
    public PairedComparison? Comparison { get; }

    public bool IsTested => _decide is not null;

    internal static PairedCheck Decided(GateResult result) => new(result, null, null);

    internal static PairedCheck Tested(PairedComparison comparison, Func<double, int, GateResult> decide) =>
        new(null, comparison, decide);

    /// <summary>The verdict given the Holm-adjusted p-value and the size of the family it was adjusted in.</summary>
    public GateResult Resolve(double adjustedP, int family) => _decide is null ? _decided! : _decide(adjustedP, family);

    /// <summary>Resolves every check, adjusting the tested ones' p-values together (Holm).</summary>
    public static IReadOnlyList<GateResult> ResolveAll(IReadOnlyList<PairedCheck> checks)
    {
        ArgumentNullException.ThrowIfNull(checks);
        var tested = checks.Where(c => c.IsTested).ToArray();
        var adjusted = Holm.Adjust(tested.Select(c => c.Comparison!.PValue).ToArray());
        var byCheck = tested.Select((c, i) => (c, p: adjusted[i])).ToDictionary(x => x.c, x => x.p);
        return checks.Select(c => c.IsTested ? c.Resolve(byCheck[c], tested.Length) : c.Resolve(double.NaN, 0)).ToArray();
    }
}
