using Harness.Core.Data;

namespace Harness.Pipelines;

/// <summary>
/// The gold evidence of a case as passages: the context a closed-book answer is judged against, so
/// faithfulness of closed-book and retrieval pipelines is measured against comparable evidence.
/// </summary>
public static class GoldEvidence
{
    public static IReadOnlyList<Passage> Passages(EvalCase evalCase, Corpus corpus) =>
        evalCase.GoldSpans
            .Select(span => (Span: span, Document: corpus.FindDocument(span.DocumentId)))
            .Where(pair => pair.Document is not null && pair.Span.End <= pair.Document.Text.Length && pair.Span.Start < pair.Span.End)
            .Select(pair => new Passage(
                $"{pair.Span.DocumentId}:{pair.Span.Start}-{pair.Span.End}",
                pair.Span.DocumentId,
                pair.Span.Start,
                pair.Span.End,
                pair.Document!.Text[pair.Span.Start..pair.Span.End]))
            .ToArray();
}
