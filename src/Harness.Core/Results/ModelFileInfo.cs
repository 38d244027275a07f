namespace Harness.Core.Results;

/// <summary>A model or adapter file a run used, with its hash (every run records its models).</summary>
public sealed record ModelFileInfo(string Name, string Role, string Path, string Sha256);
