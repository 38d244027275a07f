using System.Text.Json;
using Harness.Core.Data;

namespace Harness.Core.Datasets.Importers;

/// <summary>
/// ContractNLI (train/dev/test.json). A document is a contract, split into the dataset's own spans
/// (character offsets given in the file); each (contract, hypothesis) pair is a case: the question is
/// the hypothesis, the label Entailment / Contradiction / NotMentioned, the gold evidence the annotated spans.
/// </summary>
public sealed class ContractNliImporter : IDatasetImporter
{
    public string Name => "contractnli";

    public string Description => "ContractNLI JSON: {documents[].{id, text, spans[[start, end]], annotation_sets[].annotations{hypothesis: {choice, spans[]}}}, labels{hypothesis: {hypothesis}}}";

    public IReadOnlyList<string> RequiredFiles => ["data"];

    public IReadOnlyList<string> OptionalFiles => [];

    public IReadOnlyList<string> FieldKeys => [];

    public ImportedData Import(DatasetImportContext context)
    {
        var source = JsonSource.Load(context.PathOf("data"), context.DisplayName("data"));
        var hypotheses = source.Rows("labels", "*")
            .ToDictionary(row => row.Key, row => Rows.Optional(row.Value, "hypothesis") is { } h ? Rows.Text(h, "hypothesis") : null, StringComparer.Ordinal);
        var annotationLocations = source.Locations("documents", "*", "annotation_sets", "*", "annotations", "*");
        var documents = new List<Document>();
        var passages = new List<Passage>();
        var cases = new List<EvalCase>();
        foreach (var row in source.Rows("documents", "*"))
        {
            string documentId;
            List<Passage> spans;
            try
            {
                documentId = Rows.Text(Rows.Required(row.Value, "id"), "id");
                var text = Rows.String(row.Value, "text");
                spans = Spans(row.Value, documentId, text);
                var title = Rows.Optional(row.Value, "file_name") is { } name ? Rows.Text(name, "file_name") : null;
                documents.Add(new Document(documentId, text, title));
                passages.AddRange(spans);
            }
            catch (RowException e)
            {
                cases.Add(Rows.Error($"document-{row.Key}", context.Split, row.Location, e.Message));
                continue;
            }
            var setIndex = 0;
            foreach (var annotationSet in Rows.Items(row.Value, "annotation_sets"))
            {
                foreach (var annotation in Rows.Object(annotationSet, "annotations").EnumerateObject())
                {
                    var id = $"{documentId}/{annotation.Name}";
                    var location = annotationLocations.GetValueOrDefault($"{row.Key}/{setIndex}/{annotation.Name}", row.Location);
                    try
                    {
                        cases.Add(Case(id, documentId, annotation.Name, annotation.Value, hypotheses, spans, context.Split, location));
                    }
                    catch (RowException e)
                    {
                        cases.Add(Rows.Error(id, context.Split, location, e.Message));
                    }
                }
                setIndex++;
            }
        }
        return new ImportedData(documents, passages, cases);
    }

    private static EvalCase Case(
        string id, string documentId, string hypothesisId, JsonElement annotation,
        Dictionary<string, string?> hypotheses, List<Passage> spans, string split, string location)
    {
        var hypothesis = hypotheses.GetValueOrDefault(hypothesisId)
            ?? throw new RowException($"hypothesis '{hypothesisId}' is not in the file's labels");
        var gold = new List<Passage>();
        foreach (var index in Rows.Items(annotation, "spans"))
        {
            var spanIndex = index.TryGetInt32(out var value) ? value : -1;
            if (spanIndex < 0 || spanIndex >= spans.Count)
            {
                throw new RowException($"evidence span {index.GetRawText()} does not exist (the contract has {spans.Count} spans)");
            }
            gold.Add(spans[spanIndex]);
        }
        return new EvalCase
        {
            Id = id,
            Question = hypothesis,
            Label = Rows.String(annotation, "choice"),
            GoldPassageIds = [.. gold.Select(p => p.Id)],
            GoldSpans = [.. gold.Select(p => new EvidenceSpan(documentId, p.Start, p.End))],
            DocumentId = documentId,
            Split = split,
            Source = location,
        };
    }

    private static List<Passage> Spans(JsonElement document, string documentId, string text)
    {
        var spans = new List<Passage>();
        foreach (var span in Rows.Array(document, "spans").EnumerateArray())
        {
            if (span.ValueKind != JsonValueKind.Array || span.GetArrayLength() != 2
                || !span[0].TryGetInt32(out var start) || !span[1].TryGetInt32(out var end)
                || start < 0 || end < start || end > text.Length)
            {
                throw new RowException($"span {spans.Count} ({span.GetRawText()}) is not [start, end] inside the text of {text.Length} characters");
            }
            spans.Add(new Passage($"{documentId}#{spans.Count}", documentId, start, end, text[start..end]));
        }
        return spans;
    }
}
