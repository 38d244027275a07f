using Harness.Core;
using Harness.Core.Metrics;
using Harness.Core.Suites;
using Harness.Metrics.Answer;
using Harness.Metrics.Evaluation;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;

namespace Harness.Metrics.Tests.Evaluation;

/// <summary>
/// An MEAI evaluator as a harness family: it sees the case as messages and contexts and the suite's judge, and each
/// metric it returns becomes the declared harness values: numbers as they are, booleans as 1/0, a string's values as
/// shares; a failed interpretation is explained, an error diagnostic is an error, no value is inconclusive.
/// </summary>
public sealed class EvaluatorMetricTests
{
    /// <summary>Returns what the test hands it and remembers what it was given.</summary>
    private sealed class ScriptedEvaluator(params EvaluationMetric[] metrics) : IEvaluator
    {
        public IReadOnlyCollection<string> EvaluationMetricNames { get; init; } = [.. metrics.Select(m => m.Name)];

        public List<(ChatMessage[] Messages, string Answer, ChatConfiguration? Judge, EvaluationContext[] Contexts)> Calls { get; } = [];

        public Exception? Throws { get; init; }

        public ValueTask<EvaluationResult> EvaluateAsync(
            IEnumerable<ChatMessage> messages, ChatResponse modelResponse, ChatConfiguration? chatConfiguration = null,
            IEnumerable<EvaluationContext>? additionalContext = null, CancellationToken cancellationToken = default)
        {
            Calls.Add(([.. messages], modelResponse.Text, chatConfiguration, [.. additionalContext ?? []]));
            return Throws is { } exception ? throw exception : ValueTask.FromResult(new EvaluationResult(metrics));
        }
    }

    private static readonly EvaluatorDefinition Tone = new("tone", "Contoso.ToneEvaluator", "Contoso",
    [
        new("Score", "tone.score", EvaluatorMetricKind.Numeric, []),
        new("Polite", "tone.polite", EvaluatorMetricKind.Boolean, []),
        new("Register", "tone.register", EvaluatorMetricKind.String, ["formal", "casual"]),
    ]);

    private static async Task<IReadOnlyList<MetricValue>> Score(ScriptedEvaluator evaluator, ChatConfiguration? judge = null) =>
        await new EvaluatorMetric(evaluator, Tone, judge).EvaluateAsync(Contexts.For("Tom has a red kite.", ["red"], context: ["Tom has a red kite."]), CancellationToken.None);

    [Test]
    public async Task NumbersBooleansAndStringsBecomeValuesOneShareAndAValueShareEach()
    {
        var values = await Score(new ScriptedEvaluator(
            new NumericMetric("Score", 4, "four of five"),
            new BooleanMetric("Polite", true),
            new StringMetric("Register", "casual")));

        Assert.That(values.Select(v => (v.MetricId, v.Value, v.Status, v.Diagnostic)), Is.EqualTo(new (string, double?, ValueStatus, string?)[]
        {
            ("tone.score", 4, ValueStatus.Ok, "four of five"),
            ("tone.polite", 1, ValueStatus.Ok, null),
            ("tone.register=formal", 0, ValueStatus.Ok, null),
            ("tone.register=casual", 1, ValueStatus.Ok, null),
        }));
    }

    [Test]
    public async Task TheInterpretationAndDiagnosticsDecideTheStatusAndGoIntoTheDrillDown()
    {
        var failed = new NumericMetric("Score", 1, "one of five")
        {
            Interpretation = new EvaluationMetricInterpretation(EvaluationRating.Unacceptable, failed: true, "below 3"),
        };
        var errored = new BooleanMetric("Polite");
        errored.AddDiagnostics(EvaluationDiagnostic.Error("no chat configuration"));
        var undecided = new StringMetric("Register", null) { Interpretation = new EvaluationMetricInterpretation(EvaluationRating.Inconclusive) };

        var values = await Score(new ScriptedEvaluator(failed, errored, undecided));

        Assert.Multiple(() =>
        {
            Assert.That(values.Value("tone.score"), Is.EqualTo(new MetricValue("tone.score", 1, ValueStatus.Ok, "one of five; rated unacceptable, failed: below 3")));
            Assert.That(values.Value("tone.polite"), Is.EqualTo(MetricValue.Error("tone.polite", "error: no chat configuration")));
            Assert.That(values.Value("tone.register=formal"), Is.EqualTo(MetricValue.Inconclusive("tone.register=formal", "rated inconclusive")));
        });
    }

    [Test]
    public async Task AValueOfAnotherKindOrAnUndeclaredStringIsAnErrorNamingTheFix()
    {
        var values = await Score(new ScriptedEvaluator(new BooleanMetric("Score", true), new BooleanMetric("Polite", false), new StringMetric("Register", "rude")));

        Assert.Multiple(() =>
        {
            Assert.That(values.Value("tone.score").Diagnostic, Is.EqualTo("the evaluator returned 'Score' as a BooleanMetric, and the suite declares it numeric - declare its kind as the evaluator returns it"));
            Assert.That(values.Value("tone.polite").Value, Is.Zero);
            Assert.That(values.Where(v => v.MetricId.StartsWith("tone.register=", StringComparison.Ordinal)).Select(v => v.Diagnostic), Has.All.EqualTo(
                "the evaluator returned 'Register' = 'rude', which the suite does not declare among [formal, casual] - add it to the metric's values"));
        });
    }

    [Test]
    public async Task TheEvaluatorSeesTheQuestionTheAnswerThePassagesTheGoldAnswersAndTheJudge()
    {
        var evaluator = new ScriptedEvaluator(new NumericMetric("Score", 4), new BooleanMetric("Polite", true), new StringMetric("Register", "formal"));
        using var judge = new NoJudge();

        await Score(evaluator, new ChatConfiguration(judge));

        var (messages, answer, configuration, contexts) = evaluator.Calls.Single();
        Assert.Multiple(() =>
        {
            Assert.That(messages.Select(m => (m.Role, m.Text)), Is.EqualTo(new[] { (ChatRole.User, "a question") }));
            Assert.That(answer, Is.EqualTo("Tom has a red kite."));
            Assert.That(configuration?.ChatClient, Is.SameAs(judge));
            Assert.That(contexts.OfType<GoldAnswersContext>().Single().Contents.OfType<TextContent>().Select(c => c.Text), Is.EqualTo(new[] { "red" }));
            Assert.That(contexts.OfType<HarnessCaseContext>().Single().Case.Id, Is.EqualTo("case-1"));
        });
    }

    [Test]
    public async Task AThrowingEvaluatorMakesErrorValuesForItsMetricsAndTheOtherFamiliesScore()
    {
        var throwing = new ScriptedEvaluator(new NumericMetric("Score"), new BooleanMetric("Polite"), new StringMetric("Register")) { Throws = new InvalidOperationException("model offline") };
        var composite = new CompositeMetric([new AnswerMetric(), new EvaluatorMetric(throwing, Tone, null)]);

        var values = await composite.EvaluateAsync(Contexts.For("red", ["red"]), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(values.Value("exact_match").Value, Is.EqualTo(1));
            Assert.That(values.Where(v => v.MetricId.StartsWith("tone.", StringComparison.Ordinal)).Select(v => v.Diagnostic).ToArray(),
                Has.Length.EqualTo(4).And.All.EqualTo("metric 'tone' failed: InvalidOperationException: model offline"));
        });
    }

    [Test]
    public void AnEvaluatorWhoseMetricNamesAreNotTheDeclaredOnesIsRefusedBeforeTheRun()
    {
        var evaluator = new ScriptedEvaluator(new NumericMetric("Score")) { EvaluationMetricNames = ["Score", "Politeness"] };

        var refusal = Assert.Throws<InvalidOperationException>(() => _ = new EvaluatorMetric(evaluator, Tone, null));

        Assert.That(refusal!.Message, Is.EqualTo("evaluator 'Contoso.ToneEvaluator' returns [Score, Politeness], and the suite's 'returns:' declares [Score, Polite, Register]; " +
            "it never returns 'Polite', 'Register'; 'Politeness' is not declared - make 'returns:' list exactly its EvaluationMetricNames"));
    }

    [Test]
    public async Task TheExampleProjectIsBuiltLoadedAndRunAsTheSuiteNamesIt()
    {
        var project = Path.Combine(RepositoryPaths.Root, "examples", "Harness.Examples.Evaluators", "Harness.Examples.Evaluators.csproj");
        var length = new EvaluatorDefinition("length", "Harness.Examples.Evaluators.AnswerLengthEvaluator", "Harness.Examples.Evaluators",
        [
            new("Words", "length.words", EvaluatorMetricKind.Numeric, []),
            new("Within Bounds", "length.within_bounds", EvaluatorMetricKind.Boolean, []),
            new("Verbosity", "length.verbosity", EvaluatorMetricKind.String, ["terse", "fitting", "verbose"]),
        ]) { Project = project };

        var values = await new EvaluatorMetric(EvaluatorLoader.Load(length), length, null).EvaluateAsync(Contexts.For("Tom has a red kite."), CancellationToken.None);

        // "Tom has a red kite." is 5 words: within 1-30, and fitting (3 to 30 words).
        Assert.That(values.Select(v => (v.MetricId, v.Value)), Is.EqualTo(new (string, double?)[]
        {
            ("length.words", 5), ("length.within_bounds", 1), ("length.verbosity=terse", 0), ("length.verbosity=fitting", 1), ("length.verbosity=verbose", 0),
        }));
    }

    private sealed class NoJudge : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("the scripted evaluator never asks");

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("the scripted evaluator never asks");

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
