using System.Text.Json;
using Harness.Core.Data;

namespace Harness.Core.Datasets.Importers;

/// <summary>
/// PubMedQA's ori_pqal.json: an object keyed by PubMed id. A document is the abstract (its CONTEXTS
/// sections, one passage each); a case asks the QUESTION about it, labelled yes/no/maybe
/// (final_decision), with the LONG_ANSWER as reference and the whole abstract as gold evidence.
/// The official test split is chosen by the card's <c>include_ids: test_ground_truth.json</c>.
/// </summary>
public sealed class PubMedQaImporter : IDatasetImporter
{
    public string Name => "pubmedqa";

    public string Description => "PubMedQA ori_pqal.json: {pmid: {QUESTION, CONTEXTS[], LONG_ANSWER, final_decision}}";

    public IReadOnlyList<string> RequiredFiles => ["data"];

    public IReadOnlyList<string> OptionalFiles => [];

    public IReadOnlyList<string> FieldKeys => [];

    public ImportedData Import(DatasetImportContext context)
    {
        var source = JsonSource.Load(context.PathOf("data"), context.DisplayName("data"));
        var documents = new List<Document>();
        var passages = new List<Passage>();
        var cases = new List<EvalCase>();
        foreach (var row in source.Rows("*"))
        {
            try
            {
                var builder = new DocumentBuilder(row.Key, "\n\n");
                var sectionIndex = 0;
                foreach (var section in Rows.Array(row.Value, "CONTEXTS").EnumerateArray())
                {
                    builder.Add($"{row.Key}#s{sectionIndex++}", Rows.Text(section, "CONTEXTS"));
                }
                if (builder.Passages.Count == 0)
                {
                    throw new RowException("CONTEXTS is empty: the question has no abstract to answer from");
                }
                var question = Rows.String(row.Value, "QUESTION");
                var label = Rows.String(row.Value, "final_decision");
                var evalCase = new EvalCase
                {
                    Id = row.Key,
                    Question = question,
                    Label = label,
                    References = Rows.Optional(row.Value, "LONG_ANSWER") is { ValueKind: JsonValueKind.String } answer ? [answer.GetString()!] : [],
                    GoldPassageIds = [.. builder.Passages.Select(p => p.Id)],
                    GoldSpans = [.. builder.Passages.Select(p => new EvidenceSpan(row.Key, p.Start, p.End))],
                    DocumentId = row.Key,
                    Split = context.Split,
                    Source = row.Location,
                };
                documents.Add(builder.Build(question));
                passages.AddRange(builder.Passages);
                cases.Add(evalCase);
            }
            catch (RowException e)
            {
                cases.Add(Rows.Error(row.Key, context.Split, row.Location, e.Message));
            }
        }
        return new ImportedData(documents, passages, cases);
    }
}
