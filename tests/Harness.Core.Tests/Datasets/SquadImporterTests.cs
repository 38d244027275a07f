using NUnit.Framework;

namespace Harness.Core.Tests.Datasets;

public class SquadImporterTests
{
    [Test]
    public void FixtureQuestionsBecomeCasesWithTheirAnswerSpanAsGoldEvidence()
    {
        var dataset = TestRepository.Catalog.Load("fixture-squad");
        var document = dataset.Corpus.Documents.Single();
        var red = dataset.Cases.Single(c => c.Id == "k1");

        Assert.Multiple(() =>
        {
            Assert.That(document.Text, Is.EqualTo("Kites fly on wind.\nA red kite can fly very high.\n\nBoxes hold toys."));
            Assert.That(dataset.Corpus.Passages.Select(p => p.Text), Is.EqualTo(new[] { "Kites fly on wind.", "A red kite can fly very high.", "Boxes hold toys." }));
            Assert.That(red.References, Is.EqualTo(new[] { "red" }));
            Assert.That(document.Text[red.GoldSpans[0].Start..red.GoldSpans[0].End], Is.EqualTo("red"));
            Assert.That(red.GoldPassageIds, Is.EqualTo(new[] { "Kites#p1" }));
            Assert.That(red.DocumentId, Is.EqualTo("Kites"));
        });
    }

    [Test]
    public void AnswersAreTrimmedAndFoundNearTheirDeclaredOffset()
    {
        var dataset = TestRepository.Catalog.Load("fixture-squad");
        var wind = dataset.Cases.Single(c => c.Id == "k2");
        var toys = dataset.Cases.Single(c => c.Id == "b1");
        var text = dataset.Corpus.Documents[0].Text;

        Assert.Multiple(() =>
        {
            Assert.That(wind.References, Is.EqualTo(new[] { "wind" }));
            Assert.That(text[wind.GoldSpans[0].Start..wind.GoldSpans[0].End], Is.EqualTo("wind"));
            Assert.That(text[toys.GoldSpans[0].Start..toys.GoldSpans[0].End], Is.EqualTo("toys"), "second paragraph offsets are shifted by the first");
            Assert.That(toys.GoldPassageIds, Is.EqualTo(new[] { "Kites#p2" }));
        });
    }

    [Test]
    public void BadRowsBecomeErrorCasesWithTheirLineAndTheRestImports()
    {
        var dataset = TestRepository.Catalog.Load("fixture-squad");
        var errors = dataset.Cases.Where(c => c.ImportError is not null).ToDictionary(c => c.Id);

        Assert.Multiple(() =>
        {
            Assert.That(dataset.Cases, Has.Count.EqualTo(5));
            Assert.That(errors.Keys, Is.EquivalentTo(new[] { "b2", "b3" }));
            Assert.That(errors["b2"].Source, Does.StartWith("squad-mini.json:18:"));
            Assert.That(errors["b2"].ImportError, Does.Contain("'a cat' does not occur"));
            Assert.That(errors["b3"].Source, Does.StartWith("squad-mini.json:19:"));
            Assert.That(errors["b3"].ImportError, Does.Contain("missing field 'question'"));
        });
    }

    [Test]
    public void CovidQaImportsEveryQuestionWithGoldEvidenceInsideItsArticle()
    {
        var dataset = TestRepository.RequireCached("covidqa").Load("covidqa");

        Assert.Multiple(() =>
        {
            Assert.That(dataset.Corpus.Documents, Has.Count.EqualTo(98));
            Assert.That(dataset.Cases, Has.Count.EqualTo(1380));
            Assert.That(dataset.Cases.Where(c => c.ImportError is not null), Is.Empty);
            Assert.That(dataset.FilesHash, Has.Length.EqualTo(64));
        });
        foreach (var evalCase in dataset.Cases)
        {
            var span = evalCase.GoldSpans.Single();
            var document = dataset.Corpus.FindDocument(span.DocumentId)!;
            Assert.That(document.Text[span.Start..span.End], Is.EqualTo(evalCase.References[0]), evalCase.Id);
            Assert.That(evalCase.GoldPassageIds, Is.Not.Empty, evalCase.Id);
        }
    }
}
