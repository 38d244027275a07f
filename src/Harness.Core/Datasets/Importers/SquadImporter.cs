using System.Text.Json;
using Harness.Core.Data;

namespace Harness.Core.Datasets.Importers;

/// <summary>
/// SQuAD v1/v2 JSON (COVID-QA uses it). A document is an article: its paragraphs' contexts joined by
/// blank lines; passages are the non-empty lines of those contexts (COVID-QA keeps a whole paper in one
/// context, one line per paragraph). A question's gold evidence is its answer's character span in the
/// document, and the passages that span overlaps; references are the answer texts.
/// </summary>
public sealed class SquadImporter : IDatasetImporter
{
    private const string ParagraphSeparator = "\n\n";

    public string Name => "squad";

    public string Description => "SQuAD v1/v2 JSON: data[].paragraphs[].{context, qas[].{id, question, answers[].{text, answer_start}}}";

    public IReadOnlyList<string> RequiredFiles => ["data"];

    public IReadOnlyList<string> OptionalFiles => [];

    public IReadOnlyList<string> FieldKeys => [];

    public ImportedData Import(DatasetImportContext context)
    {
        var source = JsonSource.Load(context.PathOf("data"), context.DisplayName("data"));
        var articles = source.Rows("data", "*");
        var questionLocations = source.Locations("data", "*", "paragraphs", "*", "qas", "*");
        var documents = new List<Document>();
        var passages = new List<Passage>();
        var cases = new List<EvalCase>();
        foreach (var article in articles)
        {
            try
            {
                ImportArticle(article, questionLocations, context.Split, documents, passages, cases);
            }
            catch (RowException e)
            {
                cases.Add(Rows.Error($"article-{article.Key}", context.Split, article.Location, e.Message));
            }
        }
        return new ImportedData(documents, passages, cases);
    }

    private static void ImportArticle(
        JsonRow article, IReadOnlyDictionary<string, string> questionLocations, string split,
        List<Document> documents, List<Passage> passages, List<EvalCase> cases)
    {
        var paragraphs = Rows.Array(article.Value, "paragraphs");
        var contexts = paragraphs.EnumerateArray().Select(p => Rows.String(p, "context")).ToArray();
        var documentId = DocumentId(article, paragraphs);
        var text = string.Join(ParagraphSeparator, contexts);
        var title = Rows.Optional(article.Value, "title") is { ValueKind: JsonValueKind.String } t ? t.GetString() : FirstLine(text);
        documents.Add(new Document(documentId, text, title));

        var documentPassages = new List<Passage>();
        var offset = 0;
        var paragraphIndex = 0;
        foreach (var paragraph in paragraphs.EnumerateArray())
        {
            var context = contexts[paragraphIndex];
            documentPassages.AddRange(DocumentBuilder.Paragraphs(documentId, context, offset, documentPassages.Count));
            var questionIndex = 0;
            foreach (var question in Rows.Items(paragraph, "qas"))
            {
                var location = questionLocations.GetValueOrDefault($"{article.Key}/{paragraphIndex}/{questionIndex}", article.Location);
                try
                {
                    cases.Add(ImportQuestion(question, documentId, context, offset, documentPassages, split, location));
                }
                catch (RowException e)
                {
                    var id = Rows.Optional(question, "id") is { ValueKind: JsonValueKind.String or JsonValueKind.Number } known
                        ? Rows.Text(known, "id")
                        : $"{documentId}-p{paragraphIndex}-q{questionIndex}";
                    cases.Add(Rows.Error(id, split, location, e.Message));
                }
                questionIndex++;
            }
            offset += context.Length + ParagraphSeparator.Length;
            paragraphIndex++;
        }
        passages.AddRange(documentPassages);
    }

    private static EvalCase ImportQuestion(
        JsonElement question, string documentId, string context, int offset, List<Passage> passages, string split, string location)
    {
        var id = Rows.Text(Rows.Required(question, "id"), "id");
        var spans = new List<EvidenceSpan>();
        var references = new List<string>();
        foreach (var answer in Rows.Items(question, "answers"))
        {
            var answerText = Rows.String(answer, "text");
            var trimmed = answerText.Trim();
            if (trimmed.Length == 0)
            {
                continue;
            }
            var start = Locate(context, trimmed, Rows.Int(answer, "answer_start"))
                ?? throw new RowException($"answer '{Shorten(trimmed)}' does not occur in its paragraph");
            spans.Add(new EvidenceSpan(documentId, offset + start, offset + start + trimmed.Length));
            if (!references.Contains(trimmed, StringComparer.Ordinal))
            {
                references.Add(trimmed);
            }
        }
        var impossible = Rows.Optional(question, "is_impossible") is { ValueKind: JsonValueKind.True };
        if (references.Count == 0 && !impossible)
        {
            throw new RowException("the question has no answer and is not marked is_impossible");
        }
        return new EvalCase
        {
            Id = id,
            Question = Rows.String(question, "question").Trim(),
            References = references,
            GoldSpans = spans,
            GoldPassageIds = passages.Where(p => spans.Any(p.Overlaps)).Select(p => p.Id).ToArray(),
            DocumentId = documentId,
            Split = split,
            Source = location,
        };
    }

    /// <summary>The occurrence of the answer nearest to its declared offset, or null.</summary>
    /// <remarks>
    /// SQuAD offsets count code points and some are off by a few characters (COVID-QA: 234 of 1,380),
    /// so the declared offset is a hint, not the truth.
    /// </remarks>
    internal static int? Locate(string context, string answer, int declaredStart)
    {
        int? best = null;
        for (var at = context.IndexOf(answer, StringComparison.Ordinal); at >= 0; at = context.IndexOf(answer, at + 1, StringComparison.Ordinal))
        {
            if (best is not { } b || Math.Abs(at - declaredStart) < Math.Abs(b - declaredStart))
            {
                best = at;
            }
            if (at > declaredStart)
            {
                break;
            }
        }
        return best;
    }

    private static string DocumentId(JsonRow article, JsonElement paragraphs)
    {
        // COVID-QA names each paper by its paragraph's document_id; plain SQuAD by the article title.
        var first = paragraphs.GetArrayLength() > 0 ? paragraphs[0] : default;
        if (Rows.Optional(first, "document_id") is { } id)
        {
            return Rows.Text(id, "document_id");
        }
        return Rows.Optional(article.Value, "title") is { ValueKind: JsonValueKind.String } title ? title.GetString()! : $"article-{article.Key}";
    }

    private static string FirstLine(string text)
    {
        var end = text.IndexOf('\n', StringComparison.Ordinal);
        return (end < 0 ? text : text[..end]).Trim();
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
