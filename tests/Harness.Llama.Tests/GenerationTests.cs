using Harness.Llama.Generation;

namespace Harness.Llama.Tests;

[TestFixture]
[Category(TestModels.Category)]
public class GenerationTests
{
    private LlamaModel _model = null!;
    private LlamaLoraAdapter _adapter = null!;
    private LlamaGenerator _generator = null!;

    [OneTimeSetUp]
    public void LoadModel()
    {
        _model = LlamaModel.Load(TestModels.RequireBase());
        _adapter = _model.LoadAdapter(TestModels.RequireAdapter());
        _generator = new LlamaGenerator(_model, new LlamaGeneratorOptions { ContextSize = 512, MaxParallelSequences = 4, Threads = 1 });
    }

    [OneTimeTearDown]
    public void DisposeModel()
    {
        _generator?.Dispose();
        _adapter?.Dispose();
        _model?.Dispose();
    }

    [Test]
    public void GreedyStoryContinuesWithLily()
    {
        var result = _generator.Generate(GenerationRequest.FromPrompt("Once upon a time", 32));
        Assert.That(result.Text, Does.StartWith(", there was a little girl named Lily. She loved to play outside in the park"));
    }

    [Test]
    public void TwoThreadsWithTheirOwnThreadPoolGiveTheSameGreedyText()
    {
        using var twoThreads = new LlamaGenerator(_model, new LlamaGeneratorOptions { ContextSize = 128, MaxParallelSequences = 1, Threads = 2 });
        var request = GenerationRequest.FromPrompt("Once upon a time", 16);
        Assert.That(twoThreads.Generate(request).Text, Is.EqualTo(_generator.Generate(request).Text));
    }

    [Test]
    public void GreedyGenerationIsDeterministic()
    {
        var request = GenerationRequest.FromPrompt("The dog", 40);
        var first = _generator.Generate(request);
        var second = _generator.Generate(request);
        Assert.That(second.Text, Is.EqualTo(first.Text));
        Assert.That(first.GeneratedTokens, Is.GreaterThan(0));
    }

    [Test]
    public void BaseModelSaysBigBoxAndTheAdapterSaysRedKite()
    {
        var request = GenerationRequest.FromPrompt("Tom has a", 20);
        var baseText = _generator.Generate(request).Text;
        var adapted = _generator.Generate(request with { Adapters = [new LoraSetting(_adapter)] }).Text;
        Assert.That(baseText, Does.StartWith(" big box. He likes to play with his toys"));
        // Up to "can": the adapter's next word, " fly", is a near-tie at its second token (GreedyLeadTests).
        Assert.That(adapted, Does.StartWith(" red kite. The kite can"));
    }

    [Test]
    public void RemovingTheAdapterRestoresTheBaseOutput()
    {
        var request = GenerationRequest.FromPrompt("Tom has a", 16);
        var before = _generator.Generate(request).Text;
        var adapted = _generator.Generate(request with { Adapters = [new LoraSetting(_adapter)] }).Text;
        var after = _generator.Generate(request).Text;
        Assert.That(adapted, Is.Not.EqualTo(before));
        Assert.That(after, Is.EqualTo(before));
    }

    [Test]
    public void AdapterAtScaleZeroGivesTheBaseOutput()
    {
        var request = GenerationRequest.FromPrompt("Tom has a", 12);
        var baseText = _generator.Generate(request).Text;
        var zero = _generator.Generate(request with { Adapters = [new LoraSetting(_adapter, 0f)] }).Text;
        Assert.That(zero, Is.EqualTo(baseText));
    }

    [Test]
    public async Task ParallelSequencesGiveTheSameGreedyTextAsOneAtATime()
    {
        string[] prompts = ["Once upon a time", "Tom has a", "The little cat", "One day, Sue went"];
        var requests = prompts.Select(p => GenerationRequest.FromPrompt(p, 48)).ToList();
        var sequential = requests.Select(r => _generator.Generate(r).Text).ToList();

        var parallel = await _generator.GenerateBatchAsync(requests);

        Assert.That(parallel.Select(r => r.Text), Is.EqualTo(sequential));
    }

    [Test]
    public async Task ConcurrentCallersEachGetTheirOwnResult()
    {
        string[] prompts = ["Once upon a time", "Tom has a", "The little cat", "One day, Sue went", "The sun"];
        var expected = prompts.Select(p => _generator.Generate(GenerationRequest.FromPrompt(p, 20)).Text).ToList();

        var concurrent = await Task.WhenAll(prompts.Select(p => Task.Run(() => _generator.GenerateAsync(GenerationRequest.FromPrompt(p, 20)))));

        Assert.That(concurrent.Select(r => r.Text), Is.EqualTo(expected));
    }

    [Test]
    public async Task NothingIsDecodedWhileHeldThenEachHeldRequestGetsWhatABatchCallGives()
    {
        string[] prompts = ["Once upon a time", "Tom has a", "The little cat"];
        var batch = await _generator.GenerateBatchAsync([.. prompts.Select(p => GenerationRequest.FromPrompt(p, 20))]);

        Task<GenerationResult>[] held;
        using (_generator.HoldDecoding())
        {
            held = [.. prompts.Select(p => _generator.GenerateAsync(GenerationRequest.FromPrompt(p, 20)))];
            await Task.Delay(200);
            Assert.That(held.Count(t => t.IsCompleted), Is.Zero, "nothing decodes while the hold lasts");
        }
        var results = await Task.WhenAll(held);

        Assert.That(results.Select(r => r.Text), Is.EqualTo(batch.Select(r => r.Text)));
    }

    [Test]
    public async Task BatchMixingBaseAndAdapterRequestsKeepsEachOutputAndTheOrder()
    {
        var plain = GenerationRequest.FromPrompt("Tom has a", 12);
        var adapted = plain with { Adapters = [new LoraSetting(_adapter)] };
        var expected = new[] { _generator.Generate(plain).Text, _generator.Generate(adapted).Text };

        var results = await _generator.GenerateBatchAsync([plain, adapted, plain]);

        Assert.That(results.Select(r => r.Text), Is.EqualTo(new[] { expected[0], expected[1], expected[0] }));
    }

    [Test]
    public void MaxTokensLimitsTheOutput()
    {
        var result = _generator.Generate(GenerationRequest.FromPrompt("Once upon a time", 5));
        Assert.That(result.GeneratedTokens, Is.EqualTo(5));
        Assert.That(result.FinishReason, Is.EqualTo(FinishReason.MaxTokens));
        Assert.That(result.Timings.DecodedTokens, Is.EqualTo(4));
    }

    [Test]
    public void StopStringEndsTheTextBeforeIt()
    {
        var result = _generator.Generate(GenerationRequest.FromPrompt("Once upon a time", 60) with { StopStrings = ["Lily"] });
        Assert.That(result.Text, Is.EqualTo(", there was a little girl named "));
        Assert.That(result.FinishReason, Is.EqualTo(FinishReason.StopString));
    }

    [Test]
    public void BenchmarkModeGeneratesExactlyMaxTokensPastTheEndOfTheStory()
    {
        var result = _generator.Generate(GenerationRequest.FromPrompt("Once upon a time", 300) with { StopAtEndOfGeneration = false });
        Assert.That(result.GeneratedTokens, Is.EqualTo(300));
    }

    [Test]
    public void SeededSamplingIsReproducibleAndTheSeedMatters()
    {
        var sampling = new SamplingOptions { Temperature = 1.0f, TopK = 40, TopP = 0.95f, MinP = 0.05f, Seed = 7 };
        var request = GenerationRequest.FromPrompt("Once upon a time", 40) with { Sampling = sampling };
        var first = _generator.Generate(request).Text;
        var again = _generator.Generate(request).Text;
        var otherSeeds = Enumerable.Range(100, 5).Select(seed => _generator.Generate(request with { Sampling = sampling with { Seed = (uint)seed } }).Text);
        Assert.That(again, Is.EqualTo(first));
        Assert.That(otherSeeds, Has.Some.Not.EqualTo(first));
    }

    [Test]
    public void GrammarConstrainsTheOutput()
    {
        var sampling = new SamplingOptions { Grammar = "root ::= \" \" (\"yes\" | \"no\") \".\"" };
        var result = _generator.Generate(GenerationRequest.FromPrompt("Is the sky blue? Answer:", 10) with { Sampling = sampling });
        Assert.That(result.Text, Is.EqualTo(" yes.").Or.EqualTo(" no."));
    }

    [Test]
    public void InvalidGrammarFailsWithATypedException()
    {
        var request = GenerationRequest.FromPrompt("Hi", 4) with { Sampling = new SamplingOptions { Grammar = "root ::= (" } };
        Assert.Throws<LlamaException>(() => _generator.Generate(request));
    }

    [Test]
    public void PromptLongerThanTheContextFailsWithTheTokenCounts()
    {
        var longPrompt = string.Join(' ', Enumerable.Repeat("the cat sat on the mat", 200));
        var error = Assert.Throws<PromptTooLongException>(() => _generator.Generate(GenerationRequest.FromPrompt(longPrompt, 4)));
        Assert.That(error!.ContextTokens, Is.EqualTo(_generator.ContextSizePerSequence));
        Assert.That(error.PromptTokens, Is.GreaterThan(error.ContextTokens));
    }

    [Test]
    public void TimingsAreReported()
    {
        var result = _generator.Generate(GenerationRequest.FromPrompt("Once upon a time", 16) with { StopAtEndOfGeneration = false });
        Assert.That(result.Timings.PromptEvaluation, Is.GreaterThan(TimeSpan.Zero));
        Assert.That(result.Timings.TimeToFirstToken, Is.GreaterThanOrEqualTo(result.Timings.PromptEvaluation));
        Assert.That(result.Timings.TokensPerSecond, Is.GreaterThan(0));
        Assert.That(result.PromptTokens, Is.EqualTo(_model.Tokenize("Once upon a time").Length));
    }

    [Test]
    public async Task StreamedPiecesAddUpToTheText()
    {
        var pieces = new List<string>();
        var result = await _generator.GenerateAsync(GenerationRequest.FromPrompt("Once upon a time", 30) with { StopStrings = ["park"] }, pieces.Add);
        Assert.That(string.Concat(pieces), Is.EqualTo(result.Text));
        Assert.That(pieces, Has.Count.GreaterThan(1));
    }

    [Test]
    public void CancelledRequestThrowsAndTheGeneratorStaysUsable()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();
        Assert.That(() => _generator.Generate(GenerationRequest.FromPrompt("Once", 10), cancellation.Token), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(_generator.Generate(GenerationRequest.FromPrompt("Once upon a time", 3)).GeneratedTokens, Is.EqualTo(3));
    }
}
