using Harness.Core.Data;
using NUnit.Framework;

namespace Harness.Core.Tests.Datasets;

/// <summary>The pubmedqa, contractnli and dstc11 importers on small fixtures in their formats, bad rows included.</summary>
public class FixtureImportTests
{
    [Test]
    public void PubMedQaRowsBecomeAbstractsWithSectionPassagesAndTheIdFileChoosesTheSplit()
    {
        var test = TestRepository.Catalog.Load("fixture-pubmedqa");
        var dev = TestRepository.Catalog.Load("fixture-pubmedqa", new() { Split = "dev" });
        var kites = test.Cases.Single(c => c.Id == "101");

        Assert.Multiple(() =>
        {
            Assert.That(test.Cases.Select(c => c.Id), Is.EqualTo(new[] { "101", "102", "104" }));
            Assert.That(dev.Cases.Select(c => c.Id), Is.EqualTo(new[] { "103" }));
            Assert.That(test.Corpus.FindDocument("101")!.Text, Is.EqualTo("Kites need wind.\n\nWind lifts kites."));
            Assert.That(kites.Label, Is.EqualTo("yes"));
            Assert.That(kites.References, Is.EqualTo(new[] { "Kites fly when the wind lifts them." }));
            Assert.That(kites.GoldPassageIds, Is.EqualTo(new[] { "101#s0", "101#s1" }));
            Assert.That(kites.DocumentId, Is.EqualTo("101"));
        });
    }

    [Test]
    public void PubMedQaBadRowsBecomeErrorCasesWithTheirLine()
    {
        var test = TestRepository.Catalog.Load("fixture-pubmedqa");
        var empty = test.Cases.Single(c => c.Id == "102");
        var noQuestion = test.Cases.Single(c => c.Id == "104");

        Assert.Multiple(() =>
        {
            Assert.That(empty.ImportError, Does.Contain("CONTEXTS is empty"));
            Assert.That(empty.Source, Does.StartWith("pubmedqa-mini.json:3:"));
            Assert.That(noQuestion.ImportError, Does.Contain("missing field 'QUESTION'"));
            Assert.That(noQuestion.Source, Does.StartWith("pubmedqa-mini.json:5:"));
        });
    }

    [Test]
    public void ContractNliPairsCarryTheHypothesisLabelAndEvidenceSpans()
    {
        var dataset = TestRepository.Catalog.Load("fixture-contractnli");
        var entailed = dataset.Cases.Single(c => c.Id == "1/nda-1");
        var notMentioned = dataset.Cases.Single(c => c.Id == "1/nda-2");

        Assert.Multiple(() =>
        {
            Assert.That(dataset.Corpus.Passages.Select(p => p.Text), Is.EqualTo(new[] { "1. Secrets stay secret.", "2. Return all copies." }));
            Assert.That(entailed.Question, Is.EqualTo("The Receiving Party shall return all copies."));
            Assert.That(entailed.Label, Is.EqualTo("Entailment"));
            Assert.That(entailed.GoldPassageIds, Is.EqualTo(new[] { "1#1" }));
            Assert.That(entailed.GoldSpans.Single(), Is.EqualTo(new EvidenceSpan("1", 24, 45)));
            Assert.That(notMentioned.HasGoldEvidence, Is.False);
        });
    }

    [Test]
    public void ContractNliBadSpansBecomeErrorCasesWithTheirLine()
    {
        var dataset = TestRepository.Catalog.Load("fixture-contractnli");
        var badEvidence = dataset.Cases.Single(c => c.Id == "1/nda-3");
        var badDocument = dataset.Cases.Single(c => c.Id == "document-1");

        Assert.Multiple(() =>
        {
            Assert.That(badEvidence.ImportError, Does.Contain("evidence span 7 does not exist"));
            Assert.That(badEvidence.Source, Does.StartWith("contractnli-mini.json:13:"));
            Assert.That(badDocument.ImportError, Does.Contain("is not [start, end] inside the text"));
            Assert.That(badDocument.Source, Does.StartWith("contractnli-mini.json:18:"));
            Assert.That(dataset.Corpus.Documents.Select(d => d.Id), Is.EqualTo(new[] { "1" }));
        });
    }

    [Test]
    public void Dstc11TurnsNeedingKnowledgeBecomeCasesWithHistoryAndGoldSnippets()
    {
        var dataset = TestRepository.Catalog.Load("fixture-dstc11");
        var parking = dataset.Cases.Single(c => c.Id == "1");
        var inn = dataset.Corpus.Documents.Single();

        Assert.Multiple(() =>
        {
            Assert.That(dataset.Cases.Select(c => c.Id), Is.EqualTo(new[] { "1", "2", "3" }), "turn 0 needs no knowledge");
            Assert.That(inn.Title, Is.EqualTo("Kite Inn"));
            Assert.That(dataset.Corpus.Passages.Select(p => p.Id), Is.EqualTo(new[] { "hotel:0:faq:0", "hotel:0:review:0:0", "hotel:0:review:0:1" }));
            Assert.That(parking.Question, Is.EqualTo("Can I park there?"));
            Assert.That(parking.History.Select(t => t.Role), Is.EqualTo(new[] { "user", "assistant" }));
            Assert.That(parking.GoldPassageIds, Is.EqualTo(new[] { "hotel:0:faq:0" }));
            Assert.That(inn.Text[parking.GoldSpans[0].Start..parking.GoldSpans[0].End], Is.EqualTo("Is there parking? Yes, parking is free."));
            Assert.That(parking.References, Is.EqualTo(new[] { "Yes, parking at the Kite Inn is free." }));
            Assert.That(parking.DocumentId, Is.EqualTo("hotel:0"));
        });
    }

    [Test]
    public void Dstc11LabelNamingAMissingSnippetBecomesAnErrorCaseWithItsLine()
    {
        var dataset = TestRepository.Catalog.Load("fixture-dstc11");
        var broken = dataset.Cases.Single(c => c.Id == "2");

        Assert.Multiple(() =>
        {
            Assert.That(broken.ImportError, Does.Contain("'hotel:0:review:0:9' is not in the knowledge file"));
            Assert.That(broken.Source, Does.StartWith("dstc11-mini/labels.json:4:"));
        });
    }
}
