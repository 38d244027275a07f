using Harness.Core.Results;

namespace Harness.Core.Running;

/// <summary>A finished run and the directory that holds its store and output files.</summary>
public sealed record CompletedRun(string Directory, RunResult Run);
