using Harness.Core.Text;
using NUnit.Framework;

namespace Harness.Core.Tests.Text;

public sealed class TermExtractorTests
{
    [Test]
    public void KeepsStemmedContentWordsAndDropsStopWords()
    {
        var terms = TermExtractor.Extract("The patients were treated with aspirin.");

        Assert.That(terms.Words, Is.EquivalentTo(new[] { "patient", "treat", "aspirin" }));
        Assert.That(terms.Numbers, Is.Empty);
        Assert.That(terms.Negated, Is.False);
    }

    [TestCase("It costs 1,000 dollars", "1000")]
    [TestCase("a dose of 3.50 mg", "3.5")]
    [TestCase("two trials", "2")]
    [TestCase("COVID-19 spread", "19")]
    public void CanonicalisesNumbers(string text, string number) =>
        Assert.That(TermExtractor.Extract(text).Numbers, Is.EquivalentTo(new[] { number }));

    [Test]
    public void IgnoresCitationMarkers() =>
        Assert.That(TermExtractor.Extract("Aspirin reduces fever [1][2, 3] in 90% of adults [4].").Numbers, Is.EquivalentTo(new[] { "90" }));

    [TestCase("Aspirin does not cure colds.", true)]
    [TestCase("Aspirin doesn't cure colds.", true)]
    [TestCase("Aspirin doesn’t cure colds.", true)]
    [TestCase("There is no cure.", true)]
    [TestCase("Aspirin cannot cure colds.", true)]
    [TestCase("Aspirin cures colds.", false)]
    [TestCase("Nothing else matters", true)]
    public void DetectsNegation(string text, bool negated) =>
        Assert.That(TermExtractor.Extract(text).Negated, Is.EqualTo(negated));

    [TestCase("Yes.")]
    [TestCase("Sure, here is the answer:")]
    [TestCase("")]
    public void FindsNothingCheckableInFiller(string text) =>
        Assert.That(TermExtractor.Extract(text).IsEmpty, Is.True);
}
