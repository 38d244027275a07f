using Harness.Core.Text;
using NUnit.Framework;

namespace Harness.Core.Tests.Text;

public sealed class SquadNormalizerTests
{
    // Each expectation applies the SQuAD v1.1 script's steps by hand: lower(), remove string.punctuation
    // (ASCII only), replace \b(a|an|the)\b with a space, split at white space and join with one space.
    [TestCase("The Broncos", "broncos")]
    [TestCase("  Denver   Broncos! ", "denver broncos")]
    [TestCase("an apple, a pear and the fig", "apple pear and fig")]
    [TestCase("U.S. $5,000", "us 5000")]
    [TestCase("Theatre anthem", "theatre anthem")] // articles only as whole words
    // « » and the en dash are not ASCII punctuation: they stay, the dash as a word of its own.
    [TestCase("«Über» – café", "«über» – café")]
    // ’ and ™ are not ASCII punctuation: "it’s" keeps its apostrophe, "veklury™" its mark.
    [TestCase("It’s Veklury™", "it’s veklury™")]
    // ‘ and ’ are not word characters, so "the" between them is a whole word: replaced by a space, the quotes stay.
    [TestCase("‘The’ word", "‘ ’ word")]
    // "the’s": the word "the" ends at ’, so it is removed and "’s" is left.
    [TestCase("The’s", "’s")]
    [TestCase("The", "")]
    public void NormalizesAsTheSquadScriptDoes(string text, string expected) =>
        Assert.That(SquadNormalizer.Normalize(text), Is.EqualTo(expected));

    [Test]
    public void SplitsAtPythonsWhiteSpaceIncludingTheInformationSeparators() =>
        // str.split() splits at U+001F and U+3000 too: three words.
        Assert.That(SquadNormalizer.Tokens("one\u001ftwo\u3000three"), Is.EqualTo(new[] { "one", "two", "three" }));

    [Test]
    public void UnicodeTokensAlsoDropEveryUnicodePunctuationAndSymbol() =>
        // ’, ™, « and » removed without a space; the en dash removed leaves nothing between the spaces.
        Assert.That(SquadNormalizer.UnicodeTokens("It’s «Veklury™» – the drug"), Is.EqualTo(new[] { "its", "veklury", "drug" }));
}
