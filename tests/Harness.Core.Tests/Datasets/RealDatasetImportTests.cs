using NUnit.Framework;

namespace Harness.Core.Tests.Datasets;

/// <summary>Each importer on its real dataset, where the bootstrap has linked it (skipped otherwise).</summary>
public class RealDatasetImportTests
{
    [Test]
    public void PubMedQaTestSplitIsTheOfficial500WithLabelsAndWholeAbstractsAsEvidence()
    {
        var dataset = TestRepository.RequireCached("pubmedqa").Load("pubmedqa");
        var first = dataset.Cases[0];
        var abstractText = dataset.Corpus.FindDocument(first.DocumentId!)!.Text;

        Assert.Multiple(() =>
        {
            Assert.That(dataset.Cases, Has.Count.EqualTo(500));
            Assert.That(dataset.Cases.Where(c => c.ImportError is not null), Is.Empty);
            Assert.That(dataset.Cases.Select(c => c.Label).Distinct(), Is.EquivalentTo(new[] { "yes", "no", "maybe" }));
            Assert.That(dataset.Corpus.Documents, Has.Count.EqualTo(1000), "the corpus keeps every abstract as a distractor");
            Assert.That(first.References.Single(), Is.Not.Empty);
            Assert.That(first.GoldSpans.Min(s => s.Start), Is.Zero);
            Assert.That(first.GoldSpans.Max(s => s.End), Is.EqualTo(abstractText.Length));
        });
    }

    [Test]
    public void PubMedQaDevSplitIsTheOther500()
    {
        var catalog = TestRepository.RequireCached("pubmedqa");
        var test = catalog.Load("pubmedqa").Cases.Select(c => c.Id).ToHashSet();
        var dev = catalog.Load("pubmedqa", new() { Split = "dev" }).Cases.Select(c => c.Id).ToArray();

        Assert.That(dev, Has.Length.EqualTo(500));
        Assert.That(dev.Where(test.Contains), Is.Empty);
    }

    [Test]
    public void ContractNliPairsEveryContractWithItsHypothesesAndEvidenceSpans()
    {
        var dataset = TestRepository.RequireCached("contractnli").Load("contractnli");
        var entailed = dataset.Cases.First(c => c.Label == "Entailment" && c.GoldSpans.Count > 0);
        var contract = dataset.Corpus.FindDocument(entailed.DocumentId!)!;
        var span = entailed.GoldSpans[0];

        Assert.Multiple(() =>
        {
            Assert.That(dataset.Corpus.Documents, Has.Count.EqualTo(123));
            Assert.That(dataset.Cases, Has.Count.EqualTo(2091));
            Assert.That(dataset.Cases.Where(c => c.ImportError is not null), Is.Empty);
            Assert.That(dataset.Cases.Select(c => c.Label).Distinct(), Is.EquivalentTo(new[] { "Entailment", "Contradiction", "NotMentioned" }));
            Assert.That(dataset.Cases.Where(c => c.Label == "NotMentioned").SelectMany(c => c.GoldSpans), Is.Empty);
            Assert.That(dataset.Corpus.FindPassage(entailed.GoldPassageIds[0])!.Text, Is.EqualTo(contract.Text[span.Start..span.End]));
            Assert.That(dataset.Cases.Select(c => c.Question).Distinct().Count(), Is.EqualTo(17), "the 17 hypotheses are the questions");
        });
    }

    [Test]
    public void Dstc11KeepsOnlyTurnsThatNeedKnowledgeWithTheirHistoryAndGoldSnippets()
    {
        var dataset = TestRepository.RequireCached("dstc11").Load("dstc11");
        var turn = dataset.Cases[0];

        Assert.Multiple(() =>
        {
            Assert.That(dataset.Cases, Has.Count.EqualTo(2129));
            Assert.That(dataset.Cases.Where(c => c.ImportError is not null), Is.Empty);
            Assert.That(dataset.Corpus.Documents, Has.Count.EqualTo(143));
            Assert.That(dataset.Corpus.Passages, Has.Count.EqualTo(10882));
            Assert.That(turn.History, Is.Not.Empty);
            Assert.That(turn.History[0].Role, Is.EqualTo("user"));
            Assert.That(turn.GoldPassageIds, Is.Not.Empty);
            Assert.That(turn.GoldPassageIds.Select(id => dataset.Corpus.FindPassage(id)), Has.None.Null);
            Assert.That(turn.References.Single(), Is.Not.Empty);
        });
    }
}
