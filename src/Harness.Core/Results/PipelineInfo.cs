namespace Harness.Core.Results;

/// <summary>A pipeline as configured in a run: its name, kind, and a one-line description of its settings.</summary>
public sealed record PipelineInfo(string Name, string Kind, bool Retrieves, string Settings);
