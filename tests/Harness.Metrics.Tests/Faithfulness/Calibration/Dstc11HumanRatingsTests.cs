using Harness.Core.Data;
using Harness.Metrics.Faithfulness;
using Harness.Metrics.Faithfulness.Calibration;

namespace Harness.Metrics.Tests.Faithfulness.Calibration;

public sealed class Dstc11HumanRatingsTests
{
    private static string Row(string id, string response, string ratings, string knowledge = "\"The hotel has free parking.\"") =>
        $$"""{"id": "{{id}}", "response": "{{response}}", "knowledge_used": [{{knowledge}}], "human_accuracy": [{{ratings}}]}""";

    private string _path = "";

    [SetUp]
    public void WriteFile()
    {
        _path = Path.Combine(Path.GetTempPath(), $"dstc11-{Guid.NewGuid():N}.jsonl");
        File.WriteAllLines(_path,
        [
            Row("a", "Yes, the hotel has free parking.", "4, 5, 4"),       // mean 4.33 > 3: supported
            Row("b", "The hotel has a pool.", "2, 3, 2"),                  // mean 2.33 < 3: not supported
            Row("c", "The hotel has parking.", "3, 3, 3"),                 // mean 3: neutral, skipped
            Row("d", "Would you like to book it?", "5, 5, 5"),             // a question: no claim, skipped
            Row("e", "The hotel has parking.", "5, 5, 5", knowledge: ""), // no knowledge, skipped
        ]);
    }

    [TearDown]
    public void DeleteFile() => File.Delete(_path);

    [Test]
    public void ReadsResponsesWithTheirKnowledgeAndABinaryLabelFromTheMeanAccuracyRating()
    {
        var set = Dstc11HumanRatings.Read(_path);

        Assert.That(set.Labels.Select(l => (l.Claim, l.Supported)), Is.EqualTo(new[]
        {
            ("Yes, the hotel has free parking.", true),
            ("The hotel has a pool.", false),
        }));
        Assert.That(set.Labels[0].Evidence.Select(e => e.Text), Is.EqualTo(new[] { "The hotel has free parking." }));
        Assert.That(set.Skipped, Is.EqualTo(3));
    }

    [Test]
    public void NamesTheLineOfAMalformedRow()
    {
        File.AppendAllText(_path, "{\"response\": 3}\n");

        Assert.That(() => Dstc11HumanRatings.Read(_path), Throws.InstanceOf<InvalidDataException>().With.Message.Contains(":6: not a DSTC11 human-evaluation row"));
    }

    // Claims: "The hotel has free parking." (hotel, free, park: 3/3 covered, supported) and "It has a pool."
    // (pool: 0/1, unsupported). The response is unsupported with the weaker claim's score, 0.
    [Test]
    public async Task AResponseIsSupportedOnlyWhenEveryClaimIsAndScoresItsWeakestClaim()
    {
        var scorer = new ResponseSupportScorer(new LexicalSupportScorer());
        Passage[] knowledge = [new("k1", "k", 0, 27, "The hotel has free parking.")];

        var mixed = await scorer.ScoreAsync("The hotel has free parking. It has a pool.", knowledge, CancellationToken.None);
        var supported = await scorer.ScoreAsync("The hotel has free parking.", knowledge, CancellationToken.None);

        Assert.That((mixed.Outcome, mixed.Score), Is.EqualTo((SupportOutcome.Unsupported, 0.0)));
        Assert.That((supported.Outcome, supported.Score), Is.EqualTo((SupportOutcome.Supported, 1.0)));
    }
}
