using System.Text.RegularExpressions;
using Harness.Core;
using Harness.Core.Costs;
using Harness.Core.Data;
using Harness.Core.Metrics;
using Harness.Core.Models;
using Harness.Core.Pipelines;
using Harness.Core.Suites;
using Harness.Metrics.Answer;
using Harness.Metrics.Evaluation;
using Harness.Metrics.Faithfulness;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;

namespace Harness.Metrics.Tests.Evaluation;

/// <summary>
/// Every harness metric family works from Microsoft.Extensions.AI.Evaluation code: through <see cref="MetricEvaluator"/>,
/// a case handed over as MEAI messages, response and contexts gets the values, statuses and reasons the run's own
/// path (<see cref="MetricInputs.For"/> and <see cref="IMetric.EvaluateAsync"/>) gives the same case.
/// </summary>
public sealed class MetricEvaluatorTests
{
    private sealed class FixedModel : ITokenLogProbabilities
    {
        public string Name => "fixed";

        public ValueTask<IReadOnlyList<double>> ScoreAsync(string text, CancellationToken cancellationToken) =>
            ValueTask.FromResult<IReadOnlyList<double>>([Math.Log(0.5), Math.Log(0.25)]);
    }

    /// <summary>Each text's vector is its length and its count of 'e's: deterministic, and different texts differ.</summary>
    private sealed class CountingEmbedder : IEmbeddingGenerator<string, Embedding<float>>
    {
        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
            IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(values.Select(v => new Embedding<float>(new[] { (float)v.Length, v.Count(c => c == 'e') }))));

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }

    private static readonly LabelMapping Labels = new([new LabelRule("yes", new Regex("^yes", RegexOptions.IgnoreCase))]);

    /// <summary>A RAG case with everything any family reads: gold span and label, two ranked passages (the first holds the answer), timings and tokens.</summary>
    private static MetricContext RunContext()
    {
        const string text = "Tom has a red kite. The kite can fly very high.";
        var first = new Passage("kite#p0", "kite", 0, 19, "Tom has a red kite.");
        var second = new Passage("kite#p1", "kite", 20, text.Length, "The kite can fly very high.");
        var evalCase = new EvalCase
        {
            Id = "t1",
            Question = "What colour is Tom's kite?",
            References = ["red", "red kite"],
            Label = "yes",
            GoldSpans = [new EvidenceSpan("kite", 10, 13)],
            GoldPassageIds = ["kite#p0"],
            DocumentId = "kite",
        };
        var output = new PipelineOutput
        {
            Answer = "Tom has a red kite [1]. It is blue [2].",
            Retrieved = [new RetrievedPassage(second, 2.0, 1), new RetrievedPassage(first, 1.5, 2)],
            Context = [second, first],
            Timings = new StageTimings { Retrieval = TimeSpan.FromMilliseconds(3), Generation = TimeSpan.FromMilliseconds(40), Total = TimeSpan.FromMilliseconds(50) },
            Tokens = new TokenCounts(20, 8),
        };
        var corpus = new Corpus([new Document("kite", text)], [first, second]);
        return new MetricInputs(corpus, Labels).For(evalCase, output, pipelineRetrieves: true);
    }

    private static DefaultMetrics Registry() => DefaultMetrics.Create(
        new LexicalSupportScorer(), costRates: new CostRates { Currency = "USD", PerThousandPromptTokens = 1 }, fluencyModel: new FixedModel(), embedder: new CountingEmbedder());

    private static IEnumerable<string> Families() => KnownMetrics.Families;

    [TestCaseSource(nameof(Families))]
    public async Task AFamilyThroughMeaisApiGivesTheValuesStatusesAndReasonsOfTheRun(string family)
    {
        Assert.That(Registry().TryGet(family, out var metric), Is.True, $"every family is registered: {family}");
        var context = RunContext();
        var inRun = await metric!.EvaluateAsync(context, CancellationToken.None);
        var conversation = CaseConversation.Of(context);

        var result = await new MetricEvaluator(metric, Labels).EvaluateAsync(conversation.Messages, conversation.Response, null, conversation.Contexts);

        Assert.Multiple(() =>
        {
            Assert.That(result.Metrics.Keys, Is.EquivalentTo(metric.Descriptors.Select(d => d.Id)));
            foreach (var descriptor in metric.Descriptors)
            {
                var run = inRun.Single(v => v.MetricId == descriptor.Id);
                var meai = result.Metrics[descriptor.Id];
                Assert.That(meai, descriptor.Proportion ? Is.TypeOf<BooleanMetric>() : Is.TypeOf<NumericMetric>(), descriptor.Id);
                Assert.That(meai.Reason, Is.EqualTo(run.Diagnostic), descriptor.Id);
                var back = MetricValueMapping.ToMetricValue(meai, descriptor.Id, descriptor.Proportion ? EvaluatorMetricKind.Boolean : EvaluatorMetricKind.Numeric);
                Assert.That(back with { Claims = run.Claims }, Is.EqualTo(run), descriptor.Id);
            }
        });
    }

    [Test]
    public async Task TheComparedCaseMeetsOkAndInconclusiveValues()
    {
        // The comparison above is only as good as the statuses it meets: ok values, and inconclusive ones
        // (unsupported_wrong_rate of a retrieving pipeline, warm-up-free latency stages it has no timing for).
        var context = RunContext();
        var values = await Registry().Resolve(KnownMetrics.Families).EvaluateAsync(context, CancellationToken.None);

        Assert.That(values.Select(v => v.Status).Distinct(), Is.SupersetOf(new[] { ValueStatus.Ok, ValueStatus.Inconclusive }));
    }

    [Test]
    public async Task FaithfulnessFromPlainMeaiCodeJudgesTheAnswerAgainstTheRetrievedTexts()
    {
        var evaluator = new MetricEvaluator(new FaithfulnessMetric(new LexicalSupportScorer()));

        var result = await evaluator.EvaluateAsync(
            [new ChatMessage(ChatRole.User, "What colour is Tom's kite?")],
            new ChatResponse(new ChatMessage(ChatRole.Assistant, "Tom has a red kite.")),
            additionalContext: [RetrievedPassagesContext.FromTexts("Tom has a red kite.", "The kite can fly very high.")]);

        Assert.Multiple(() =>
        {
            // One claim, every content term (tom, red, kite) in the first passage: coverage 1.0 ≥ 0.70, supported; 1 of 1.
            Assert.That(result.Get<NumericMetric>("faithfulness").Value, Is.EqualTo(1.0));
            Assert.That(result.Get<BooleanMetric>("hallucination_rate").Value, Is.False);
            Assert.That(result.Get<NumericMetric>("faithfulness").Diagnostics, Has.Some.Property("Message").StartsWith("claim supported"));
            // A retrieving case: the closed-book split does not apply, so it is inconclusive, with the status in the metadata.
            Assert.That(result.Get<BooleanMetric>("unsupported_wrong_rate").Interpretation?.Rating, Is.EqualTo(EvaluationRating.Inconclusive));
            Assert.That(result.Get<BooleanMetric>("unsupported_wrong_rate").Metadata?[MetricValueMapping.StatusKey], Is.EqualTo("inconclusive"));
        });
    }

    [Test]
    public async Task TokenF1FromPlainMeaiCodeReadsTheGoldAnswersContext()
    {
        var result = await new MetricEvaluator(new AnswerMetric()).EvaluateAsync(
            [new ChatMessage(ChatRole.User, "What colour is Tom's kite?")],
            new ChatResponse(new ChatMessage(ChatRole.Assistant, "a red kite")),
            additionalContext: [new GoldAnswersContext(["red"])]);

        // "a red kite" → [red, kite] (the article dropped) against [red]: precision 1/2, recall 1/1, F1 = 2·0.5·1/1.5 = 2/3.
        Assert.That(result.Get<NumericMetric>("token_f1").Value, Is.EqualTo(2.0 / 3).Within(1e-12));
    }
}
