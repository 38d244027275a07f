namespace Harness.Core.Data;

/// <summary>
/// One evaluation case: a question with its reference answers, optional label, and gold evidence.
/// Gold evidence is a list of spans; datasets that give passage ids resolve them to their spans
/// on import, so every retrieval metric works on spans whatever the dataset's granularity.
/// </summary>
public sealed record EvalCase
{
    public required string Id { get; init; }
    public required string Question { get; init; }
    public IReadOnlyList<string> References { get; init; } = [];
    /// <summary>Classification label (ContractNLI, PubMedQA), null for free-text datasets.</summary>
    public string? Label { get; init; }
    /// <summary>Gold evidence units (the dataset's own passage ids), used to count recall.</summary>
    public IReadOnlyList<string> GoldPassageIds { get; init; } = [];
    public IReadOnlyList<EvidenceSpan> GoldSpans { get; init; } = [];
    /// <summary>The document the case is about, for suites that retrieve with <c>scope: document</c>.</summary>
    public string? DocumentId { get; init; }
    public IReadOnlyList<ChatTurn> History { get; init; } = [];
    public string Split { get; init; } = "test";
    /// <summary>Where the case came from, e.g. "200423_covidQA.json:1234" (file and line).</summary>
    public string? Source { get; init; }
    /// <summary>Set when the dataset row could not be imported; such a case is reported as an error.</summary>
    public string? ImportError { get; init; }

    public bool HasGoldEvidence => GoldSpans.Count > 0;
}
