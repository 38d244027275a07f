using Harness.Core;

namespace Harness.Engine;

/// <summary>What happens around a suite run: where results go, regression gates against a baseline, history, reports.</summary>
public sealed record SessionOptions
{
    /// <summary>The results folder: run folders, history.db, baselines/ and calibration/ (default: HARNESS_RESULTS, else results/).</summary>
    public string ResultsDirectory { get; init; } = RepositoryPaths.Results;
    /// <summary>Apply regression gates against &lt;results&gt;/baselines/&lt;suite&gt;.json (or <see cref="BaselineDirectory"/>).</summary>
    public bool UseBaseline { get; init; }
    public string? BaselineDirectory { get; init; }
    /// <summary>Append the run to the history store (&lt;results&gt;/history.db) that trend charts read.</summary>
    public bool RecordHistory { get; init; } = true;
    public bool WriteReports { get; init; } = true;
}
