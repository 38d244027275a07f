using Harness.Core.Text;
using NUnit.Framework;

namespace Harness.Core.Tests.Text;

public sealed class SquadNormalizerTests
{
    [TestCase("The Broncos", "broncos")]
    [TestCase("  Denver   Broncos! ", "denver broncos")]
    [TestCase("an apple, a pear and the fig", "apple pear and fig")]
    [TestCase("U.S. $5,000", "us 5000")]
    [TestCase("Theatre anthem", "theatre anthem")] // articles only as whole words
    [TestCase("«Über» – café", "über café")]
    [TestCase("The", "")]
    public void NormalizesAsTheSquadScriptDoes(string text, string expected) =>
        Assert.That(SquadNormalizer.Normalize(text), Is.EqualTo(expected));
}
