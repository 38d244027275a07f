using Harness.Core.Data;

namespace Harness.Metrics.Faithfulness.Calibration;

/// <summary>
/// A claim, the evidence a person judged it against, whether they found it fully supported, and
/// where the label came from ("domain_val.jsonl:12 gpt4 claim 3"), for drill-down.
/// </summary>
public sealed record HumanSupportLabel(string Claim, IReadOnlyList<Passage> Evidence, bool Supported, string Source);
