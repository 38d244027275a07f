using System.Numerics.Tensors;
using Harness.Llama.Generation;

namespace Harness.Llama.Tests;

/// <summary>The low-level context API: batches, decode, logits and the KV cache.</summary>
[TestFixture]
[Category(TestModels.Category)]
public class ContextTests
{
    private LlamaModel _model = null!;

    [OneTimeSetUp]
    public void LoadModel() => _model = LlamaModel.Load(TestModels.RequireBase());

    [OneTimeTearDown]
    public void DisposeModel() => _model?.Dispose();

    [Test]
    public void LogitsOfTheLastPromptTokenPickTheGreedyContinuation()
    {
        using var context = _model.CreateContext(new LlamaContextOptions { ContextSize = 64, Threads = 1 });
        var prompt = _model.Tokenize("Once upon a time");
        var last = 0;
        for (var i = 0; i < prompt.Length; i++)
        {
            last = context.AddToBatch(prompt[i], i, 0, i == prompt.Length - 1);
        }
        context.Decode();

        var logits = context.GetLogits(last);
        var best = TensorPrimitives.IndexOfMax(logits);

        using var generator = new LlamaGenerator(_model, new LlamaGeneratorOptions { ContextSize = 64, MaxParallelSequences = 1, Threads = 1 });
        Assert.That(logits.Length, Is.EqualTo(512));
        Assert.That(_model.Detokenize([best]), Is.EqualTo(generator.Generate(GenerationRequest.FromPrompt("Once upon a time", 1)).Text));
    }

    [Test]
    public void TokensBeyondTheBatchCapacityAreRefused()
    {
        using var context = _model.CreateContext(new LlamaContextOptions { ContextSize = 64, BatchSize = 4, Threads = 1 });
        for (var i = 0; i < 4; i++)
        {
            context.AddToBatch(1, i, 0, false);
        }
        Assert.Throws<InvalidOperationException>(() => context.AddToBatch(1, 4, 0, false));
    }

    [Test]
    public void LogitsOfATokenAddedWithoutOutputAreRefused()
    {
        using var context = _model.CreateContext(new LlamaContextOptions { ContextSize = 64, Threads = 1 });
        context.AddToBatch(_model.BosToken, 0, 0, false);
        context.AddToBatch(_model.Tokenize("Once", addSpecial: false)[0], 1, 0, true);
        context.Decode();
        Assert.Throws<InvalidOperationException>(() => context.GetLogits(0).ToArray());
    }
}
