using Harness.Core.Text;
using NUnit.Framework;

namespace Harness.Core.Tests.Text;

public sealed class StopWordsTests
{
    [TestCase("the")]
    [TestCase("whether")]
    [TestCase("et")]
    public void AFunctionWordIsDroppedByRetrievalAndByTheClaimScorers(string word)
    {
        Assert.That(StopWords.IsTopicless(word), Is.True);
        Assert.That(StopWords.IsUncheckable(word), Is.True);
    }

    [TestCase("not")]
    [TestCase("without")]
    [TestCase("doesn't")]
    public void ANegationNamesNoTopicButIsLeftForTheClaimScorersToTrack(string word)
    {
        Assert.That(StopWords.IsNegation(word), Is.True);
        Assert.That(StopWords.IsTopicless(word), Is.True);
        Assert.That(StopWords.IsUncheckable(word), Is.False);
    }

    [TestCase("answer")]
    [TestCase("context")]
    public void AnswerFillerIsUncheckableButStillATopicForRetrieval(string word)
    {
        Assert.That(StopWords.IsUncheckable(word), Is.True);
        Assert.That(StopWords.IsTopicless(word), Is.False);
    }

    [Test]
    public void AContentWordIsKeptByEveryone()
    {
        Assert.That(StopWords.IsTopicless("aspirin"), Is.False);
        Assert.That(StopWords.IsUncheckable("aspirin"), Is.False);
    }
}
