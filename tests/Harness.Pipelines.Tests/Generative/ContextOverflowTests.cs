using Harness.Core;
using Harness.Core.Data;
using Harness.Core.Datasets;
using Harness.Core.Pipelines;
using Harness.Llama;
using Harness.Llama.AI;
using Harness.Llama.Generation;
using Harness.Pipelines.Generation;
using Harness.Pipelines.Generative;
using Harness.Retrieval.Retrievers;
using NUnit.Framework;

namespace Harness.Pipelines.Tests.Generative;

/// <summary>
/// A prompt longer than the model's context is never cut silently: a RAG pipeline drops its lowest-ranked
/// passages until the prompt fits and records how many; a prompt that cannot fit makes the case an error naming
/// the lengths. Real tokenizer and context: stories260K (the synthetic 114M models share its 512-token tokenizer)
/// with the smallest context llama.cpp gives (it rounds a request up to a multiple of 256 tokens).
/// </summary>
[Category("model")]
public sealed class ContextOverflowTests
{
    private const int AnswerTokens = 8;
    private const string Template = "{context}\nQ: {question}\nA:";

    private LlamaModel _model = null!;
    private LlamaGenerator _generator = null!;

    private int Context => _generator.ContextSizePerSequence;

    private static readonly Passage[] Passages =
    [
        new("kite#0", "kite", 0, 1, Repeat("Tom has a red kite and he flies it in the park every day after school.")),
        new("kite#1", "kite", 1, 2, Repeat("The kite can fly very high when the wind is strong and the sky is clear.")),
        new("kite#2", "kite", 2, 3, Repeat("One day the string broke and the kite flew away over the tall green trees.")),
    ];

    private static string Repeat(string sentence) => string.Join(' ', Enumerable.Repeat(sentence, 4));

    [OneTimeSetUp]
    public void LoadTheModel()
    {
        var path = Path.Combine(RepositoryPaths.Cache, "models", "stories260K.gguf");
        if (!File.Exists(path))
        {
            Assert.Ignore($"{path} is absent - run native/bootstrap.sh with ../shared beside the repository");
        }
        _model = LlamaModel.Load(path);
        _generator = new LlamaGenerator(_model, new LlamaGeneratorOptions { ContextSize = 96 });
    }

    [OneTimeTearDown]
    public void Unload()
    {
        _generator?.Dispose();
        _model?.Dispose();
    }

    private GenerativePipeline Pipeline() => new(
        "rag", "rag", new FixedRetriever(Passages), RetrievalScope.Corpus, topK: 3,
        new LlamaChatClient(_generator, new LlamaChatClientOptions { ChatTemplate = LlamaChatClientOptions.PlainText }),
        PromptFormat.Local(_generator, chat: null), new GenerationSettings(AnswerTokens, 0, 1), Template,
        new Corpus([new Document("kite", "Tom has a red kite.")], Passages));

    private int Tokens(string text) => _model.Tokenize(text).Length;

    private static string Prompt(string question, int passages) =>
        Template.Replace("{context}", string.Join("\n", Passages.Take(passages).Select((p, i) => $"[{i + 1}] {p.Text}")), StringComparison.Ordinal)
            .Replace("{question}", question, StringComparison.Ordinal);

    [Test]
    public async Task TheLowestRankedPassagesAreDroppedToFitAndTheCaseRecordsHowMany()
    {
        var question = "What colour is the kite?";
        // What must hold, measured with the model's own tokenizer: the prompt with all three passages does not fit
        // the context less 8 answer tokens, so passages go from the bottom until the prompt does.
        var fitting = Enumerable.Range(0, 4).Last(k => Tokens(Prompt(question, k)) + AnswerTokens <= Context);
        Assume.That(fitting, Is.InRange(1, 2), "the passages are sized so that some, not all, fit");
        await using var pipeline = Pipeline();

        var result = (await pipeline.AnswerAsync([new EvalCase { Id = "q1", Question = question }], CancellationToken.None))[0];

        Assert.Multiple(() =>
        {
            Assert.That(result.Error, Is.Null);
            Assert.That(result.Output!.DroppedPassages, Is.EqualTo(3 - fitting));
            Assert.That(result.Output.Context.Select(p => p.Id), Is.EqualTo(Passages.Take(fitting).Select(p => p.Id)), "the kept passages are the top-ranked ones");
            Assert.That(result.Output.Prompt, Is.EqualTo(Prompt(question, fitting)));
        });
    }

    [Test]
    public async Task AQuestionTooLongForTheContextMakesTheCaseAnErrorNamingTheLengths()
    {
        var question = string.Join(' ', Enumerable.Repeat("Why did the red kite fly so high?", 40));
        var bare = Tokens(Prompt(question, 0));
        Assume.That(bare + AnswerTokens, Is.GreaterThan(Context), "the question alone overflows the context");
        await using var pipeline = Pipeline();

        var result = (await pipeline.AnswerAsync([new EvalCase { Id = "q2", Question = question }], CancellationToken.None))[0];

        Assert.That(result.Error, Does.Contain(
            $"the prompt for case 'q2' is {bare} tokens without retrieved passages; with {AnswerTokens} for the answer it needs {bare + AnswerTokens} of the model's context of {Context} tokens"));
    }

    private sealed class FixedRetriever(IReadOnlyList<Passage> passages) : IRetriever
    {
        public string Name => "fixed";

        public ValueTask<IReadOnlyList<RetrievedPassage>> RetrieveAsync(string query, int topK, string? documentId, CancellationToken cancellationToken) =>
            ValueTask.FromResult<IReadOnlyList<RetrievedPassage>>([.. passages.Take(topK).Select((p, i) => new RetrievedPassage(p, 1.0 / (i + 1), i + 1))]);

        public void Dispose()
        {
        }
    }
}
