using Harness.Metrics.Faithfulness;

namespace Harness.Metrics.Tests.Faithfulness;

public sealed class ClaimSplitterTests
{
    [Test]
    public void SplitsAnAnswerIntoSentenceClaims()
    {
        var split = ClaimSplitter.Split("Aspirin was approved in 1950. Dr. Smith led the 2.5-year trial. It reduced fever.");

        Assert.That(split.Claims, Is.EqualTo(new[] { "Aspirin was approved in 1950.", "Dr. Smith led the 2.5-year trial.", "It reduced fever." }));
        Assert.That(split.Abstained, Is.False);
    }

    [Test]
    public void LeavesOutQuestionsWhichAssertNothing()
    {
        var split = ClaimSplitter.Split("The hotel has free parking. Would you like me to book a room for you?");

        Assert.That(split.Claims, Is.EqualTo(new[] { "The hotel has free parking." }));
        Assert.That(split.Abstained, Is.False);
    }

    [TestCase("")]
    [TestCase("   ")]
    [TestCase("I don't know.")]
    [TestCase("I do not know the answer.")]
    [TestCase("I’m not sure.")]
    [TestCase("I am unable to answer that.")]
    [TestCase("Unknown.")]
    [TestCase("N/A")]
    [TestCase("The context does not mention the dosage.")]
    [TestCase("The provided passages don't say. There is not enough information to answer.")]
    [TestCase("I don't have enough information.")]
    [TestCase("This cannot be determined.")]
    public void RecognisesAbstentionsAsNoClaims(string answer)
    {
        var split = ClaimSplitter.Split(answer);

        Assert.That(split.Claims, Is.Empty);
        Assert.That(split.Abstained, Is.True);
    }

    [Test]
    public void KeepsTheClaimsBesideAnAbstention()
    {
        var split = ClaimSplitter.Split("I'm not sure. The cause is unknown. Smoking raises the risk.");

        Assert.That(split.Claims, Is.EqualTo(new[] { "The cause is unknown.", "Smoking raises the risk." }));
        Assert.That(split.Abstained, Is.False);
    }

    [Test]
    public void DropsSentencesWithNothingToCheckWithoutCallingThemAnAbstention()
    {
        var split = ClaimSplitter.Split("Yes.");

        Assert.That(split.Claims, Is.Empty);
        Assert.That(split.Abstained, Is.False);
    }
}
