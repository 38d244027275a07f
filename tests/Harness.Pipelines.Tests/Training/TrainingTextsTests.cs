using Harness.Core.Data;
using Harness.Core.Suites;
using Harness.Pipelines.Training;
using NUnit.Framework;

namespace Harness.Pipelines.Tests.Training;

public class TrainingTextsTests
{
    private static readonly Document Kite = new("kite", "Tom has a red kite.\nThe kite can fly very high.");
    private static readonly Document Ball = new("ball", "Lily has a blue ball.");
    private static readonly Corpus Corpus = new([Kite, Ball, new Document("blank", "  ")], []);

    private static TrainingDefinition Training(int? limit = null) => new() { Data = TrainingData.Split, Split = "dev", Limit = limit };

    [Test]
    public void CorpusTrainingUsesEachDocumentsTextAndSkipsBlankOnes()
    {
        Assert.That(TrainingTexts.FromCorpus(Corpus, Training()), Is.EqualTo(new[] { Kite.Text, Ball.Text }));
        Assert.That(TrainingTexts.FromCorpus(Corpus, Training(limit: 1)), Is.EqualTo(new[] { Kite.Text }));
    }

    [Test]
    public void CorpusTrainingUsesADocumentsOwnPassagesWhenItHasThem()
    {
        // The kite document's two lines are its passages (0..19 and 20..47); the ball document has none.
        var corpus = new Corpus([Kite, Ball],
        [
            new Passage("kite#p0", "kite", 0, 19, "Tom has a red kite."),
            new Passage("kite#p1", "kite", 20, 47, "The kite can fly very high."),
        ]);

        Assert.That(TrainingTexts.FromCorpus(corpus, Training()), Is.EqualTo(new[] { "Tom has a red kite.", "The kite can fly very high.", Ball.Text }));
    }

    [Test]
    public void SplitTrainingFillsThePromptAndAppendsTheAnswer()
    {
        var cases = new EvalCase[]
        {
            // The gold span 0..19 is "Tom has a red kite." - what {context} shows for this pair.
            new() { Id = "1", Question = "What does Tom have?", References = ["a red kite", "a kite"], GoldSpans = [new EvidenceSpan("kite", 0, 19)] },
            new() { Id = "2", Question = "Is the kite high?", References = ["It flies very high."], Label = "yes" },
            new() { Id = "3", Question = "Unanswerable?" },
            new() { Id = "4", Question = "Broken", References = ["x"], ImportError = "not JSON" },
        };
        var dataset = new Dataset("toy", Corpus, cases);

        var texts = TrainingTexts.FromCases(dataset, "{context}\nQ: {question}\nA:", Training());

        Assert.That(texts, Is.EqualTo(new[]
        {
            // {context} numbers each passage as the prompt does at inference ("[1] ", for citations).
            "[1] Tom has a red kite.\nQ: What does Tom have?\nA: a red kite",
            "\nQ: Is the kite high?\nA: yes",
        }), "the first reference answers; a label wins (it is what label metrics score); cases with nothing to answer or that failed to import are left out");
    }
}
