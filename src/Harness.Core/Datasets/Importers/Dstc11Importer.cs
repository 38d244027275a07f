using System.Globalization;
using System.Text.Json;
using Harness.Core.Data;

namespace Harness.Core.Datasets.Importers;

/// <summary>
/// DSTC11 Track 5 (knowledge.json + logs.json + labels.json). A document is an entity (a hotel or a
/// restaurant): its name, then one passage per knowledge snippet (an FAQ as "question answer", or one
/// review sentence). A case is a turn whose label says knowledge is needed (target: true): the question
/// is the last user turn, the history the turns before it, the reference the gold response and the gold
/// evidence the labelled snippets.
/// </summary>
public sealed class Dstc11Importer : IDatasetImporter
{
    public string Name => "dstc11";

    public string Description => "DSTC11 Track 5: knowledge.json {domain: {entity: {name, faqs, reviews}}}, logs.json [[{speaker, text}]], labels.json [{target, knowledge[], response}]";

    public IReadOnlyList<string> RequiredFiles => ["knowledge", "logs", "labels"];

    public IReadOnlyList<string> OptionalFiles => [];

    public IReadOnlyList<string> FieldKeys => [];

    public ImportedData Import(DatasetImportContext context)
    {
        var documents = new List<Document>();
        var passages = new Dictionary<string, Passage>(StringComparer.Ordinal);
        var cases = new List<EvalCase>();
        var knowledge = JsonSource.Load(context.PathOf("knowledge"), context.DisplayName("knowledge"));
        foreach (var entity in knowledge.Rows("*", "*"))
        {
            try
            {
                var (document, entityPassages) = Entity(entity.Keys[0], entity.Keys[1], entity.Value);
                documents.Add(document);
                foreach (var passage in entityPassages)
                {
                    passages.Add(passage.Id, passage);
                }
            }
            catch (RowException e)
            {
                cases.Add(Rows.Error($"entity-{entity.Keys[0]}:{entity.Keys[1]}", context.Split, entity.Location, e.Message));
            }
        }
        var logs = JsonSource.Load(context.PathOf("logs"), context.DisplayName("logs")).Rows("*");
        var labels = JsonSource.Load(context.PathOf("labels"), context.DisplayName("labels")).Rows("*");
        if (logs.Count != labels.Count)
        {
            throw new DatasetException(
                $"{context.DisplayName("logs")} has {logs.Count} dialogues but {context.DisplayName("labels")} has {labels.Count} labels - the two files must come from the same split");
        }
        for (var i = 0; i < labels.Count; i++)
        {
            if (Rows.Optional(labels[i].Value, "target") is not { ValueKind: JsonValueKind.True })
            {
                continue;
            }
            var id = i.ToString(CultureInfo.InvariantCulture);
            try
            {
                cases.Add(Turn(id, logs[i], labels[i], passages, context.Split));
            }
            catch (RowException e)
            {
                cases.Add(Rows.Error(id, context.Split, labels[i].Location, e.Message));
            }
        }
        return new ImportedData(documents, [.. passages.Values], cases);
    }

    private static (Document, List<Passage>) Entity(string domain, string entityId, JsonElement entity)
    {
        var documentId = $"{domain}:{entityId}";
        var name = Rows.String(entity, "name");
        var builder = new DocumentBuilder(documentId);
        builder.Add($"{documentId}:name", name);
        if (Rows.Optional(entity, "faqs") is { } faqs)
        {
            foreach (var faq in Objects(faqs, "faqs"))
            {
                builder.Add(SnippetId(documentId, "faq", faq.Name, null), $"{Rows.String(faq.Value, "question")} {Rows.String(faq.Value, "answer")}");
            }
        }
        if (Rows.Optional(entity, "reviews") is { } reviews)
        {
            foreach (var review in Objects(reviews, "reviews"))
            {
                foreach (var sentence in Objects(Rows.Object(review.Value, "sentences"), "sentences"))
                {
                    builder.Add(SnippetId(documentId, "review", review.Name, sentence.Name), Rows.Text(sentence.Value, "sentences"));
                }
            }
        }
        // The name line is a heading, not knowledge; it stays in the text but is not a passage.
        return (builder.Build(name), [.. builder.Passages.Skip(1)]);
    }

    private static EvalCase Turn(string id, JsonRow log, JsonRow label, Dictionary<string, Passage> passages, string split)
    {
        if (log.Value.ValueKind != JsonValueKind.Array || log.Value.GetArrayLength() == 0)
        {
            throw new RowException($"dialogue {id} in the logs has no turns");
        }
        var turns = log.Value.EnumerateArray()
            .Select(t => new ChatTurn(Rows.String(t, "speaker") == "U" ? "user" : "assistant", Rows.String(t, "text")))
            .ToArray();
        if (turns[^1].Role != "user")
        {
            throw new RowException($"dialogue {id} does not end with a user turn");
        }
        var gold = new List<Passage>();
        foreach (var item in Rows.Array(label.Value, "knowledge").EnumerateArray())
        {
            var documentId = $"{Rows.String(item, "domain")}:{Rows.Text(Rows.Required(item, "entity_id"), "entity_id")}";
            var docType = Rows.String(item, "doc_type");
            var sentence = Rows.Optional(item, "sent_id") is { } s ? Rows.Text(s, "sent_id") : null;
            var snippetId = SnippetId(documentId, docType, Rows.Text(Rows.Required(item, "doc_id"), "doc_id"), sentence);
            gold.Add(passages.GetValueOrDefault(snippetId)
                ?? throw new RowException($"knowledge snippet '{snippetId}' is not in the knowledge file"));
        }
        return new EvalCase
        {
            Id = id,
            Question = turns[^1].Text,
            History = turns[..^1],
            References = [Rows.String(label.Value, "response")],
            GoldPassageIds = [.. gold.Select(p => p.Id)],
            GoldSpans = [.. gold.Select(p => new EvidenceSpan(p.DocumentId, p.Start, p.End))],
            DocumentId = gold.Count > 0 ? gold[0].DocumentId : null,
            Split = split,
            Source = label.Location,
        };
    }

    /// <summary>"hotel:20:faq:3" or "hotel:20:review:9:4", the ids DSTC11's labels resolve to.</summary>
    private static string SnippetId(string documentId, string docType, string docId, string? sentenceId) =>
        sentenceId is null ? $"{documentId}:{docType}:{docId}" : $"{documentId}:{docType}:{docId}:{sentenceId}";

    private static IEnumerable<JsonProperty> Objects(JsonElement value, string name) =>
        value.ValueKind == JsonValueKind.Object ? value.EnumerateObject() : throw new RowException($"field '{name}' must be an object, found {Rows.Kind(value)}");
}
