using System.Text;
using Harness.Core.Data;

namespace Harness.Core.Datasets;

/// <summary>
/// Builds a document from its units (paragraphs, sections, snippets) so each unit becomes a passage
/// whose character span points into the document's text.
/// </summary>
internal sealed class DocumentBuilder(string documentId, string separator = "\n")
{
    private readonly StringBuilder _text = new();
    private readonly List<Passage> _passages = [];

    public string DocumentId { get; } = documentId;

    public IReadOnlyList<Passage> Passages => _passages;

    public Passage Add(string passageId, string text)
    {
        if (_text.Length > 0)
        {
            _text.Append(separator);
        }
        var start = _text.Length;
        _text.Append(text);
        var passage = new Passage(passageId, DocumentId, start, _text.Length, text);
        _passages.Add(passage);
        return passage;
    }

    public Document Build(string? title = null) => new(DocumentId, _text.ToString(), title);

    /// <summary>Passages for the non-empty lines of an existing text (the dataset's own paragraphs).</summary>
    public static IReadOnlyList<Passage> Paragraphs(string documentId, string text, int offset = 0, int firstIndex = 0)
    {
        var passages = new List<Passage>();
        var start = 0;
        while (start <= text.Length)
        {
            var end = text.IndexOf('\n', start);
            if (end < 0)
            {
                end = text.Length;
            }
            var line = text[start..end];
            if (!string.IsNullOrWhiteSpace(line))
            {
                passages.Add(new Passage($"{documentId}#p{firstIndex + passages.Count}", documentId, offset + start, offset + end, line));
            }
            start = end + 1;
        }
        return passages;
    }
}
