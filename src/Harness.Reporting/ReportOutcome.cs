namespace Harness.Reporting;

/// <summary>The files a report wrote (relative to its directory, in writing order) and the messages worth showing.</summary>
public sealed record ReportOutcome(IReadOnlyList<string> Files, IReadOnlyList<string> Messages);
