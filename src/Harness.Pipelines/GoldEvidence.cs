using Harness.Core.Data;

namespace Harness.Pipelines;

/// <summary>
/// The gold evidence of a case as passages: the context a closed-book or fine-tuned answer is judged
/// against, so its faithfulness is measured against evidence comparable to what a retrieval pipeline
/// reads. That is the dataset's own passages that contain a gold span (a COVID-QA paragraph, a
/// ContractNLI span, a DSTC11 snippet), never the span text alone: judged against "2–14 days", the
/// correct sentence "The incubation period is 2–14 days." would be unsupported. A span no passage
/// of the corpus overlaps is widened to the sentences of its document that contain it.
/// </summary>
public static class GoldEvidence
{
    public static IReadOnlyList<Passage> Passages(EvalCase evalCase, Corpus corpus)
    {
        ArgumentNullException.ThrowIfNull(evalCase);
        ArgumentNullException.ThrowIfNull(corpus);
        var passages = new List<Passage>();
        foreach (var span in evalCase.GoldSpans)
        {
            if (corpus.FindDocument(span.DocumentId) is not { } document || span.Start >= span.End || span.End > document.Text.Length)
            {
                continue;
            }
            var containing = corpus.PassagesOf(span.DocumentId).Where(p => p.Overlaps(span)).ToArray();
            passages.AddRange(containing.Length > 0 ? containing : [Sentences(document, span)]);
        }
        return [.. passages.DistinctBy(p => (p.DocumentId, p.Start, p.End)).OrderBy(p => p.DocumentId, StringComparer.Ordinal).ThenBy(p => p.Start)];
    }

    /// <summary>The span widened to whole sentences: back to the previous sentence end or line break, on to the next.</summary>
    private static Passage Sentences(Document document, EvidenceSpan span)
    {
        var text = document.Text;
        var start = span.Start;
        while (start > 0 && !EndsSentence(text, start - 1))
        {
            start--;
        }
        var end = span.End;
        while (end < text.Length && !EndsSentence(text, end - 1))
        {
            end++;
        }
        while (start < end && char.IsWhiteSpace(text[start]))
        {
            start++;
        }
        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }
        return new Passage($"{document.Id}:{start}-{end}", document.Id, start, end, text[start..end]);
    }

    // A line break, or '.', '!' or '?' followed by white space (so "3.5" and "e.g." inside a word do not end one).
    private static bool EndsSentence(string text, int i) =>
        text[i] is '\n' or '\r'
        || (text[i] is '.' or '!' or '?' && i + 1 < text.Length && char.IsWhiteSpace(text[i + 1]));
}
