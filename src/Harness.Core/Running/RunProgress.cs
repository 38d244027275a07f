namespace Harness.Core.Running;

/// <summary>Progress of a run: cases done of the total (over every pipeline), and the pipeline at work.</summary>
public sealed record RunProgress(int Done, int Total, string Pipeline, int Errors);
