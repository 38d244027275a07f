using NUnit.Framework;

namespace Harness.Core.Tests.Datasets;

public class JsonlImporterTests
{
    [Test]
    public void MappedFieldsBecomeCasesAndRowsSharingADocumentShareIt()
    {
        var dataset = TestRepository.Catalog.Load("toyqa");
        var kite = dataset.Cases.Single(c => c.Id == "t1");
        var box = dataset.Cases.Single(c => c.Id == "t5");

        Assert.Multiple(() =>
        {
            Assert.That(dataset.Corpus.Documents.Select(d => d.Id), Is.EqualTo(new[] { "kite", "box" }));
            Assert.That(dataset.Corpus.Passages.Select(p => p.Id), Is.EqualTo(new[] { "kite#p0", "kite#p1", "box#p0", "box#p1" }));
            Assert.That(kite.Question, Is.EqualTo("What colour is Tom's kite?"));
            Assert.That(kite.References, Is.EqualTo(new[] { "red" }));
            Assert.That(kite.DocumentId, Is.EqualTo("kite"));
            Assert.That(kite.GoldPassageIds, Is.EqualTo(new[] { "kite#p0" }));
            Assert.That(box.References, Is.EqualTo(new[] { "toys", "some toys" }));
        });
    }

    [Test]
    public void GoldPassagesAreGivenByLineIndexOrPassageId()
    {
        var dataset = TestRepository.Catalog.Load("toyqa");
        var byIndex = dataset.Cases.Single(c => c.Id == "t2");
        var byId = dataset.Cases.Single(c => c.Id == "t7");
        var kiteText = dataset.Corpus.FindDocument("kite")!.Text;

        Assert.Multiple(() =>
        {
            Assert.That(byIndex.GoldPassageIds, Is.EqualTo(new[] { "kite#p1" }));
            Assert.That(kiteText[byIndex.GoldSpans[0].Start..byIndex.GoldSpans[0].End], Is.EqualTo("The kite can fly very high."));
            Assert.That(byId.GoldPassageIds, Is.EqualTo(new[] { "box#p1" }));
            Assert.That(byId.References, Is.EqualTo(new[] { "Sue" }), "a single string counts as one reference");
        });
    }

    [Test]
    public void BrokenLinesBecomeErrorCasesNamedByTheirLine()
    {
        var dataset = TestRepository.Catalog.Load("toyqa");
        var errors = dataset.Cases.Where(c => c.ImportError is not null).ToDictionary(c => c.Id);

        Assert.Multiple(() =>
        {
            Assert.That(dataset.Cases, Has.Count.EqualTo(7));
            Assert.That(errors.Keys, Is.EquivalentTo(new[] { "3", "t4", "t6" }));
            Assert.That(errors["3"].Source, Is.EqualTo("toyqa.jsonl:3"));
            Assert.That(errors["3"].ImportError, Does.Contain("not valid JSON"));
            Assert.That(errors["t4"].ImportError, Does.Contain("does not occur in document 'box'"));
            Assert.That(errors["t6"].Source, Is.EqualTo("toyqa.jsonl:6"));
            Assert.That(errors["t6"].ImportError, Does.Contain("missing field 'question'"));
        });
    }
}
