namespace Harness.Engine;

/// <summary>What happens around a suite run: regression gates against a baseline, history, reports.</summary>
public sealed record SessionOptions
{
    /// <summary>Apply regression gates against results/baselines/&lt;suite&gt;.json (or <see cref="BaselineDirectory"/>).</summary>
    public bool UseBaseline { get; init; }
    public string? BaselineDirectory { get; init; }
    /// <summary>Append the run to the history store (results/history.db) that trend charts read.</summary>
    public bool RecordHistory { get; init; } = true;
    public bool WriteReports { get; init; } = true;
}
