namespace Harness.Core.Data;

/// <summary>Gold evidence as a character span of a document (end exclusive).</summary>
public sealed record EvidenceSpan(string DocumentId, int Start, int End);
