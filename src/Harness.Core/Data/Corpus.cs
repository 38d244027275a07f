namespace Harness.Core.Data;

/// <summary>The documents of a dataset and its own passages, with lookups and a content hash.</summary>
public sealed class Corpus
{
    private readonly Dictionary<string, Document> _documents;
    private readonly Dictionary<string, Passage> _passages;
    private readonly ILookup<string, Passage> _passagesByDocument;
    private string? _contentHash;

    public Corpus(IReadOnlyList<Document> documents, IReadOnlyList<Passage> passages)
    {
        Documents = documents;
        Passages = passages;
        _documents = documents.ToDictionary(d => d.Id, StringComparer.Ordinal);
        _passages = passages.ToDictionary(p => p.Id, StringComparer.Ordinal);
        _passagesByDocument = passages.ToLookup(p => p.DocumentId, StringComparer.Ordinal);
    }

    public IReadOnlyList<Document> Documents { get; }
    public IReadOnlyList<Passage> Passages { get; }

    public Document? FindDocument(string id) => _documents.GetValueOrDefault(id);
    public Passage? FindPassage(string id) => _passages.GetValueOrDefault(id);

    /// <summary>The dataset's own passages of one document, in corpus order.</summary>
    public IEnumerable<Passage> PassagesOf(string documentId) => _passagesByDocument[documentId];

    /// <summary>sha256 over every document's id and text, in order: the key of cached indexes.</summary>
    public string ContentHash => _contentHash ??= ComputeHash();

    private string ComputeHash() => Hashing.OfParts(Documents.SelectMany(d => new[] { d.Id, d.Text }));
}
