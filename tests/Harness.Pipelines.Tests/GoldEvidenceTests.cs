using Harness.Core.Data;
using Harness.Core.Metrics;
using Harness.Core.Pipelines;
using Harness.Metrics.Faithfulness;
using NUnit.Framework;

namespace Harness.Pipelines.Tests;

public sealed class GoldEvidenceTests
{
    // A COVID-QA-shaped article: paragraphs are lines, and the squad importer makes each line a passage.
    private const string Paragraph1 = "SARS-CoV-2 spreads by droplets. The incubation period is 2–14 days, with a median of 5 days.";
    private const string Paragraph2 = "Most patients recover within two weeks.";
    private static readonly string Article = Paragraph1 + "\n" + Paragraph2;

    private static readonly Corpus Corpus = new(
        [new Document("paper", Article)],
        [
            new Passage("paper#p0", "paper", 0, Paragraph1.Length, Paragraph1),
            new Passage("paper#p1", "paper", Paragraph1.Length + 1, Article.Length, Paragraph2),
        ]);

    private static readonly EvalCase Case = new()
    {
        Id = "covid-1",
        Question = "What is the incubation period?",
        References = ["2–14 days"],
        DocumentId = "paper",
        GoldPassageIds = ["paper#p0"],
        GoldSpans = [new EvidenceSpan("paper", Article.IndexOf("2–14 days", StringComparison.Ordinal), Article.IndexOf("2–14 days", StringComparison.Ordinal) + "2–14 days".Length)],
    };

    [Test]
    public void TheGoldEvidenceIsThePassageThatContainsTheAnswerSpanNotTheSpanText()
    {
        var evidence = GoldEvidence.Passages(Case, Corpus);

        Assert.That(evidence.Select(p => p.Id), Is.EqualTo(new[] { "paper#p0" }));
        Assert.That(evidence[0].Text, Is.EqualTo(Paragraph1));
    }

    // Claim terms: incub, period, day, 2, 14 (5). The span text "2–14 days" covers 2, 14, day: 3/5 = 0.6 < 0.7,
    // unsupported; the paragraph's second sentence covers all 5: supported.
    [Test]
    public async Task ACorrectFullSentenceClosedBookAnswerIsSupportedByTheGoldPassage()
    {
        var metric = new FaithfulnessMetric(new LexicalSupportScorer());
        const string answer = "The incubation period is 2–14 days.";

        var againstGold = await metric.EvaluateAsync(Context(answer, GoldEvidence.Passages(Case, Corpus)), CancellationToken.None);
        var againstSpanText = await metric.EvaluateAsync(
            Context(answer, [new Passage("span", "paper", Case.GoldSpans[0].Start, Case.GoldSpans[0].End, "2–14 days")]), CancellationToken.None);

        Assert.That(againstGold.Single(v => v.MetricId == "faithfulness").Value, Is.EqualTo(1.0));
        Assert.That(againstGold.Single(v => v.MetricId == "hallucination_rate").Value, Is.Zero);
        Assert.That(againstSpanText.Single(v => v.MetricId == "faithfulness").Value, Is.Zero, "the old evidence, for contrast");
    }

    [Test]
    public void ASpanNoPassageCoversIsWidenedToTheSentencesThatContainIt()
    {
        var corpusWithoutPassages = new Corpus([new Document("paper", Article)], []);

        var evidence = GoldEvidence.Passages(Case, corpusWithoutPassages);

        Assert.That(evidence.Select(p => p.Text), Is.EqualTo(new[] { "The incubation period is 2–14 days, with a median of 5 days." }));
        Assert.That(Article[evidence[0].Start..evidence[0].End], Is.EqualTo(evidence[0].Text));
    }

    [Test]
    public void ACaseWithoutGoldSpansHasNoGoldEvidence()
    {
        Assert.That(GoldEvidence.Passages(Case with { GoldSpans = [] }, Corpus), Is.Empty);
    }

    private static MetricContext Context(string answer, IReadOnlyList<Passage> evidence) =>
        new(Case, new PipelineOutput { Answer = answer, Context = evidence }, PipelineRetrieves: false, Corpus, LabelMapping: null);
}
