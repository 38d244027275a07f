namespace Harness.Core.Gates;

/// <summary>
/// The verdict of one gate, with a sentence naming it ("medical-covidqa / rag-bm25 / recall@5 ≥ 0.60")
/// and the evidence (value, 95% CI, threshold, n, the case that hurt most).
/// </summary>
public sealed record GateResult(string Name, GateVerdict Verdict, string Message)
{
    public string? Pipeline { get; init; }
    public string? MetricId { get; init; }
    public double? Value { get; init; }
    public double? CiLow { get; init; }
    public double? CiHigh { get; init; }
    public double? Threshold { get; init; }
    public int N { get; init; }
}
