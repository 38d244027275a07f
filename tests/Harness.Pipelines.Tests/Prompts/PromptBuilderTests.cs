using Harness.Core.Data;
using Harness.Pipelines.Prompts;
using NUnit.Framework;

namespace Harness.Pipelines.Tests.Prompts;

public sealed class PromptBuilderTests
{
    private static readonly EvalCase Case = new() { Id = "q1", Question = "What is {context}?" };

    private static readonly Passage[] Passages =
    [
        new("p1", "d", 0, 10, "first passage"),
        new("p2", "d", 10, 20, "second passage"),
        new("p3", "d", 20, 30, "third passage"),
    ];

    // One "token" per character keeps the arithmetic visible.
    private static int Characters(string text) => text.Length;

    [Test]
    public void PlaceholdersAreFilledOnceSoTextLookingLikeAPlaceholderStaysText()
    {
        var result = new PromptBuilder("{context}|{question}", Characters, null, 0).Build(Case, Passages[..1]);

        Assert.That(result.Prompt, Is.EqualTo("[1] first passage|What is {context}?"));
    }

    [Test]
    public void TheLowestRankedPassagesAreDroppedUntilThePromptFits()
    {
        // "[1] first passage\n[2] second passage|What is {context}?" is 55 characters; with 10 for the answer it fits 65,
        // and the third passage ("\n[3] third passage", 18 more) does not.
        var result = new PromptBuilder("{context}|{question}", Characters, contextLength: 65, answerTokens: 10).Build(Case, Passages);

        Assert.Multiple(() =>
        {
            Assert.That(result.Passages.Select(p => p.Id), Is.EqualTo(new[] { "p1", "p2" }));
            Assert.That(result.DroppedPassages, Is.EqualTo(1));
        });
    }

    [Test]
    public void APromptThatCannotFitEvenWithoutPassagesIsRefused()
    {
        var builder = new PromptBuilder("{context}|{question}", Characters, contextLength: 20, answerTokens: 10);

        // Without passages the prompt is "|What is {context}?": 1 + 18 = 19 characters; 19 + 10 = 29 > 20.
        Assert.That(() => builder.Build(Case, Passages), Throws.TypeOf<PromptTooLongException>().With.Message.StartsWith(
            "the prompt for case 'q1' is 19 tokens without retrieved passages; with 10 for the answer it needs 29 of the model's context of 20 tokens - "));
    }

    [Test]
    public void TheFormattedPromptIsWhatMustFitAndWhatIsReturned()
    {
        // The chat wrapper adds 13 characters (55 + 13 + 10 > 65), so only the first passage fits (36 + 13 + 10 = 59).
        var builder = new PromptBuilder("{context}|{question}", Characters, contextLength: 65, answerTokens: 10, format: text => $"<user>{text}</user>");

        var result = builder.Build(Case, Passages);

        Assert.Multiple(() =>
        {
            Assert.That(result.Prompt, Is.EqualTo("<user>[1] first passage|What is {context}?</user>"));
            Assert.That(result.DroppedPassages, Is.EqualTo(2));
        });
    }
}
