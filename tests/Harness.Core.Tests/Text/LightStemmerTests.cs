using Harness.Core.Text;
using NUnit.Framework;

namespace Harness.Core.Tests.Text;

public sealed class LightStemmerTests
{
    [TestCase("increase", "increas")]
    [TestCase("increases", "increas")]
    [TestCase("increased", "increas")]
    [TestCase("increasing", "increas")]
    [TestCase("studies", "study")]
    [TestCase("studied", "study")]
    [TestCase("boxes", "box")]
    [TestCase("watches", "watch")]
    [TestCase("running", "run")]
    [TestCase("stopped", "stop")]
    [TestCase("patient's", "patient")]
    [TestCase("significantly", "significant")]
    [TestCase("virus", "virus")]
    [TestCase("analysis", "analysis")]
    [TestCase("apply", "apply")]
    [TestCase("family", "family")]
    [TestCase("need", "need")]
    [TestCase("speed", "speed")]
    public void StripsOnlyInflectionalSuffixes(string word, string expected) =>
        Assert.That(LightStemmer.Stem(word), Is.EqualTo(expected));
}
