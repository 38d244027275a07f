using System.Globalization;
using Harness.Core.Data;
using Harness.Core.Datasets;
using Harness.Core.Running.Selection;
using Harness.Core.Suites;
using NUnit.Framework;

namespace Harness.Core.Tests.Running;

/// <summary>The evaluated cases never take part in selection, whichever way the selection cases are drawn.</summary>
public sealed class SelectionCasesTests
{
    private static readonly string Root = Path.Combine(Path.GetTempPath(), $"harness-selection-{Environment.ProcessId}");

    /// <summary>A card with a test split of t0…t39 and a dev split of d0…d19 plus t0…t4 (a dev file that repeats test cases).</summary>
    private static DatasetCatalog Catalog()
    {
        var datasets = Path.Combine(Root, "datasets");
        Directory.CreateDirectory(datasets);
        static string Rows(IEnumerable<string> ids) => string.Concat(ids.Select(id =>
            $$"""{"id": "{{id}}", "question": "Q {{id}}?", "answers": ["a {{id}}"], "doc": "doc", "context": "Text."}""" + "\n"));
        var test = Enumerable.Range(0, 40).Select(i => $"t{i}").ToArray();
        File.WriteAllText(Path.Combine(datasets, "test.jsonl"), Rows(test));
        File.WriteAllText(Path.Combine(datasets, "dev.jsonl"), Rows([.. Enumerable.Range(0, 20).Select(i => $"d{i}"), .. test.Take(5)]));
        File.WriteAllText(Path.Combine(datasets, "pick.yaml"), """
            name: pick
            description: Selection fixture.
            domain: test
            licence: CC0-1.0
            importer: jsonl
            scope: document
            files:
              - local: test.jsonl
              - local: dev.jsonl
            fields: { question: question, reference: answers, document_id: doc, document_text: context }
            default_split: test
            splits:
              test:
                files: { data: test.jsonl }
              dev:
                files: { data: dev.jsonl }
            """);
        return new DatasetCatalog(Root, Path.Combine(Root, "cache"));
    }

    [OneTimeTearDown]
    public void RemoveTheFixture()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }

    private static SuiteDefinition Suite(SelectionDefinition select, TrainingDefinition? training = null) => new()
    {
        Name = "s",
        Dataset = "pick",
        SourcePath = "s.yaml",
        Pipelines = [new PipelineDefinition { Name = "ft", Kind = PipelineKind.FineTuned, Training = training }],
        Selection = select,
    };

    private static HashSet<string> Ids(Dataset dataset) => [.. dataset.Cases.Select(c => c.Id)];

    [Test]
    public void AHeldOutShareIsLeftOutOfTheEvaluatedCases()
    {
        var (evaluated, selection) = SelectionCases.Load(Catalog(), Suite(new SelectionDefinition { Share = 0.25, Metric = "token_f1" }), seed: 3, limit: 0);
        // 25% of 40 cases = 10 held out, the other 30 evaluated.
        Assert.That((selection!.Cases.Count, evaluated.Cases.Count), Is.EqualTo((10, 30)));
        Assert.That(Ids(selection).Overlaps(Ids(evaluated)), Is.False);
    }

    [Test]
    public void ASelectionSplitLosesTheEvaluatedCasesItRepeatsAndThePairsAPipelineTrainsOn()
    {
        // dev holds d0…d19 and t0…t4; the pipeline trains on dev's first 6 pairs, d0…d5: 25 − 5 − 6 = 14 cases remain.
        var training = new TrainingDefinition { Data = TrainingData.Split, Split = "dev", Limit = 6 };
        var (evaluated, selection) = SelectionCases.Load(Catalog(), Suite(new SelectionDefinition { Split = "dev", Metric = "token_f1" }, training), seed: 3, limit: 0);
        Assert.That(Ids(selection!), Is.EquivalentTo(Enumerable.Range(6, 14).Select(i => string.Create(CultureInfo.InvariantCulture, $"d{i}"))));
        Assert.That(Ids(selection!).Overlaps(Ids(evaluated)), Is.False);
    }

    [Test]
    public void TheSelectionLimitDrawsASeededSubsetOfTheSelectionCases()
    {
        var (_, selection) = SelectionCases.Load(Catalog(), Suite(new SelectionDefinition { Split = "dev", Metric = "token_f1", Limit = 4 }), seed: 3, limit: 10);
        Assert.That(selection!.Cases, Has.Count.EqualTo(4));
        Assert.That(selection.Cases.Select(c => c.Id), Has.All.StartsWith("d"));
    }

    [Test]
    public void TheSelectionLimitNeverExceedsTheRunsLimit()
    {
        // select.limit 12 is capped by --limit 5.
        var (evaluated, selection) = SelectionCases.Load(Catalog(), Suite(new SelectionDefinition { Split = "dev", Metric = "token_f1", Limit = 12 }), seed: 3, limit: 5);
        Assert.That((selection!.Cases.Count, evaluated.Cases.Count), Is.EqualTo((5, 5)));
    }
}
