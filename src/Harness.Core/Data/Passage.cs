namespace Harness.Core.Data;

/// <summary>
/// A contiguous piece of a document: a dataset's own unit (a paragraph, a ContractNLI span, a DSTC11
/// snippet) or a chunk made by the chunker. <see cref="Start"/> and <see cref="End"/> are character
/// offsets into the document's text (end exclusive), so passages of different granularity can be
/// matched against gold evidence by overlap.
/// </summary>
public sealed record Passage(string Id, string DocumentId, int Start, int End, string Text)
{
    public bool Overlaps(EvidenceSpan span) =>
        span.DocumentId == DocumentId && Start < span.End && span.Start < End;
}
