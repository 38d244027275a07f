using System.Globalization;
using System.Text.Json;
using Harness.Core.Data;

namespace Harness.Core.Datasets.Importers;

/// <summary>
/// Any JSON Lines dataset, driven by the card's <c>fields:</c> mapping (harness field → source field,
/// dotted for nested fields: "meta.id", "answers.0"), so a new dataset needs a card, not code. Documents
/// come from the case rows (<c>document_text</c>) or from a separate <c>documents</c> file (JSON Lines, or a
/// plain .txt file that is one document named after the file); their passages are their non-empty lines. Gold evidence is given as passage ids or line indexes
/// (<c>gold_passages</c>) or as quoted evidence text found in the document (<c>evidence</c>).
/// A field with no mapping is read from the source field of the same name, when the row has one.
/// </summary>
public sealed class JsonlImporter : IDatasetImporter
{
    public string Name => "jsonl";

    public string Description => "JSON Lines, one case a line, fields mapped by the card";

    public IReadOnlyList<string> RequiredFiles => ["data"];

    public IReadOnlyList<string> OptionalFiles => ["documents"];

    public IReadOnlyList<string> FieldKeys =>
        ["id", "question", "reference", "label", "document_id", "document_text", "document_title", "gold_passages", "evidence"];

    public ImportedData Import(DatasetImportContext context)
    {
        var documents = new Dictionary<string, (Document Document, IReadOnlyList<Passage> Passages)>(StringComparer.Ordinal);
        var cases = new List<EvalCase>();
        if (context.HasFile("documents") && context.DisplayName("documents").EndsWith(".txt", StringComparison.OrdinalIgnoreCase))
        {
            var id = Path.GetFileNameWithoutExtension(context.DisplayName("documents"));
            var text = File.ReadAllText(context.PathOf("documents"));
            documents[id] = (new Document(id, text), DocumentBuilder.Paragraphs(id, text));
        }
        else if (context.HasFile("documents"))
        {
            foreach (var (row, _, location, error) in Lines(context, "documents"))
            {
                try
                {
                    if (error is not null)
                    {
                        throw new RowException(error);
                    }
                    var id = Text(context, row, "document_id") ?? throw new RowException($"missing field '{Source(context, "document_id")}'");
                    AddDocument(context, documents, id, row);
                }
                catch (RowException e)
                {
                    cases.Add(Rows.Error($"document:{location}", context.Split, location, e.Message));
                }
            }
        }
        foreach (var (row, line, location, error) in Lines(context, "data"))
        {
            // Without an id field, a case is named by its line, which is stable while the file is.
            var id = error is null && Field(context, row, "id") is { ValueKind: JsonValueKind.String or JsonValueKind.Number } value
                ? Rows.Text(value, "id")
                : line.ToString(CultureInfo.InvariantCulture);
            try
            {
                if (error is not null)
                {
                    throw new RowException(error);
                }
                cases.Add(Case(context, documents, id, row, location));
            }
            catch (RowException e)
            {
                cases.Add(Rows.Error(id, context.Split, location, e.Message));
            }
        }
        return new ImportedData(
            [.. documents.Values.Select(d => d.Document)],
            [.. documents.Values.SelectMany(d => d.Passages)],
            cases);
    }

    private static EvalCase Case(
        DatasetImportContext context, Dictionary<string, (Document Document, IReadOnlyList<Passage> Passages)> documents,
        string id, JsonElement row, string location)
    {
        var question = Text(context, row, "question") ?? throw new RowException($"missing field '{Source(context, "question")}'");
        var documentId = Text(context, row, "document_id");
        if (!context.HasFile("documents") && Text(context, row, "document_text") is not null)
        {
            documentId ??= id;
            if (!documents.ContainsKey(documentId))
            {
                AddDocument(context, documents, documentId, row);
            }
        }
        if (documentId is not null && !documents.ContainsKey(documentId))
        {
            throw new RowException($"document '{documentId}' is not in the dataset's documents");
        }
        var gold = Gold(context, row, documentId is null ? null : documents[documentId]);
        return new EvalCase
        {
            Id = id,
            Question = question,
            References = Texts(context, row, "reference"),
            Label = Text(context, row, "label"),
            GoldPassageIds = [.. gold.Passages.Select(p => p.Id)],
            GoldSpans = gold.Spans,
            DocumentId = documentId,
            Split = context.Split,
            Source = location,
        };
    }

    private static (IReadOnlyList<Passage> Passages, IReadOnlyList<EvidenceSpan> Spans) Gold(
        DatasetImportContext context, JsonElement row, (Document Document, IReadOnlyList<Passage> Passages)? document)
    {
        var passages = new List<Passage>();
        var spans = new List<EvidenceSpan>();
        var ids = Field(context, row, "gold_passages");
        var evidence = Texts(context, row, "evidence");
        if ((ids is not null || evidence.Count > 0) && document is not { } doc)
        {
            throw new RowException("the row gives gold evidence but no document to find it in");
        }
        IEnumerable<JsonElement> items = ids switch
        {
            null => [],
            { ValueKind: JsonValueKind.Array } list => list.EnumerateArray(),
            { } one => [one],
        };
        foreach (var item in items)
        {
            var passage = item.ValueKind == JsonValueKind.Number && item.TryGetInt32(out var index)
                ? index >= 0 && index < document!.Value.Passages.Count ? document.Value.Passages[index] : null
                : document!.Value.Passages.FirstOrDefault(p => p.Id == Rows.Text(item, "gold_passages") || p.Id == $"{p.DocumentId}#{Rows.Text(item, "gold_passages")}");
            passages.Add(passage ?? throw new RowException($"gold passage {item.GetRawText()} is not a passage of document '{document!.Value.Document.Id}' (ids are '<document>#p<line>' or line indexes from 0)"));
            spans.Add(new EvidenceSpan(passage.DocumentId, passage.Start, passage.End));
        }
        foreach (var quote in evidence)
        {
            var text = document!.Value.Document.Text;
            var at = text.IndexOf(quote, StringComparison.Ordinal);
            if (at < 0)
            {
                throw new RowException($"evidence '{(quote.Length > 60 ? quote[..57] + "..." : quote)}' does not occur in document '{document.Value.Document.Id}'");
            }
            var span = new EvidenceSpan(document.Value.Document.Id, at, at + quote.Length);
            spans.Add(span);
            passages.AddRange(document.Value.Passages.Where(p => p.Overlaps(span) && !passages.Contains(p)));
        }
        return (passages, spans);
    }

    private static void AddDocument(
        DatasetImportContext context, Dictionary<string, (Document Document, IReadOnlyList<Passage> Passages)> documents, string id, JsonElement row)
    {
        var text = Text(context, row, "document_text") ?? throw new RowException($"missing field '{Source(context, "document_text")}'");
        if (!documents.TryAdd(id, (new Document(id, text, Text(context, row, "document_title")), DocumentBuilder.Paragraphs(id, text))))
        {
            throw new RowException($"document '{id}' is defined twice");
        }
    }

    /// <summary>The rows of a JSON Lines file; a line that is not JSON comes back with its error.</summary>
    private static IEnumerable<(JsonElement Row, int Line, string Location, string? Error)> Lines(DatasetImportContext context, string role)
    {
        var number = 0;
        foreach (var (line, badByte) in Utf8Text.Lines(context.PathOf(role)))
        {
            number++;
            if (badByte is null && string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            var location = string.Create(CultureInfo.InvariantCulture, $"{context.DisplayName(role)}:{number}");
            JsonElement row = default;
            string? error = null;
            if (badByte is { } column)
            {
                error = string.Create(CultureInfo.InvariantCulture, $"invalid UTF-8 at byte {column} of the line - re-save the file as UTF-8 (the row is left out rather than read with replacement characters)");
            }
            else
            {
                try
                {
                    using var json = JsonDocument.Parse(line);
                    row = json.RootElement.Clone();
                }
                catch (JsonException e)
                {
                    error = $"not valid JSON ({e.Message})";
                }
            }
            yield return (row, number, location, error);
        }
    }

    private static string Source(DatasetImportContext context, string key) => context.Field(key) ?? key;

    /// <summary>The mapped field's value, following a dotted path through objects and lists.</summary>
    private static JsonElement? Field(DatasetImportContext context, JsonElement row, string key)
    {
        var current = row;
        foreach (var segment in Source(context, key).Split('.'))
        {
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(segment, out var child))
            {
                current = child;
            }
            else if (current.ValueKind == JsonValueKind.Array && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < current.GetArrayLength())
            {
                current = current[index];
            }
            else
            {
                return null;
            }
        }
        return current.ValueKind == JsonValueKind.Null ? null : current;
    }

    private static string? Text(DatasetImportContext context, JsonElement row, string key) =>
        Field(context, row, key) is { } value ? Rows.Text(value, Source(context, key)) : null;

    /// <summary>A field that may be one string or a list of strings.</summary>
    private static List<string> Texts(DatasetImportContext context, JsonElement row, string key) => Field(context, row, key) switch
    {
        null => [],
        { ValueKind: JsonValueKind.Array } list => [.. list.EnumerateArray().Select(v => Rows.Text(v, Source(context, key)))],
        { } one => [Rows.Text(one, Source(context, key))],
    };
}
