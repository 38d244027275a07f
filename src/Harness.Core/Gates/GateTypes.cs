namespace Harness.Core.Gates;

/// <summary>A gate type as a suite writes it: the key that selects it, an example of its shape, and its reader.</summary>
public sealed record GateType(string Key, string Shape, Func<GateReader, GateDefinition?> Read);

/// <summary>
/// The registry of gate types; a new type is one file (an <see cref="IGate"/> with its reader) plus one line here.
/// </summary>
public static class GateTypes
{
    /// <summary>In the order a gate's keys are tried: a compare gate also says 'metric:', so the threshold gate comes last.</summary>
    public static IReadOnlyList<GateType> All { get; } =
    [
        new("compare", "'compare: [a, b]'", CompareGateDefinition.Read),
        new("regression", "'regression: true'", RegressionGateDefinition.Read),
        new("error_budget", "'error_budget: <share>'", ErrorBudgetGateDefinition.Read),
        new("metric", "'metric:' with 'min:'/'max:'", ThresholdGateDefinition.Read),
    ];

    /// <summary>The problem of a gate that has none of the keys.</summary>
    public static string Missing =>
        $"a gate needs {string.Join(", ", All.SkipLast(1).Select(t => t.Shape))} or {All[^1].Shape}";
}
