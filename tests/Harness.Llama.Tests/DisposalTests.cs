using Harness.Llama.Embeddings;
using Harness.Llama.Generation;

namespace Harness.Llama.Tests;

/// <summary>Native objects hold each other alive through their SafeHandles, so disposal order never matters.</summary>
[TestFixture]
[Category(TestModels.Category)]
public class DisposalTests
{
    [Test]
    public void ContextWorksAfterItsModelIsDisposed()
    {
        var model = LlamaModel.Load(TestModels.RequireBase());
        using var generator = new LlamaGenerator(model, new LlamaGeneratorOptions { ContextSize = 256, MaxParallelSequences = 1, Threads = 1 });
        model.Dispose();

        var result = generator.Generate(GenerationRequest.FromPrompt("Once upon a time", 8));

        Assert.That(result.Text, Does.StartWith(", there was a little girl"));
    }

    [Test]
    public void AdapterOutlivesItsModel()
    {
        var model = LlamaModel.Load(TestModels.RequireBase());
        var adapter = model.LoadAdapter(TestModels.RequireAdapter());
        using var generator = new LlamaGenerator(model, new LlamaGeneratorOptions { ContextSize = 256, MaxParallelSequences = 1, Threads = 1 });
        model.Dispose();

        var text = generator.Generate(GenerationRequest.FromPrompt("Tom has a", 6) with { Adapters = [new LoraSetting(adapter)] }).Text;
        adapter.Dispose();

        Assert.That(text, Does.StartWith(" red kite"));
    }

    [Test]
    public void AdapterDisposedWhileSetOnAContextStaysAliveUntilReplaced()
    {
        using var model = LlamaModel.Load(TestModels.RequireBase());
        using var context = model.CreateContext(new LlamaContextOptions { ContextSize = 64, Threads = 1 });
        var adapter = model.LoadAdapter(TestModels.RequireAdapter());
        context.SetAdapters([new LoraSetting(adapter)]);
        adapter.Dispose();

        Assert.That(adapter.Handle.IsClosed, Is.False, "the context still holds the adapter");
        context.SetAdapters([]);
        Assert.That(adapter.Handle.IsClosed, Is.True);
    }

    [TestCase("model generator embedder adapter")]
    [TestCase("adapter embedder generator model")]
    [TestCase("generator model adapter embedder")]
    public void DisposingInAnyOrderReleasesEverything(string order)
    {
        var model = LlamaModel.Load(TestModels.RequireBase());
        var adapter = model.LoadAdapter(TestModels.RequireAdapter());
        var generator = new LlamaGenerator(model, new LlamaGeneratorOptions { ContextSize = 128, MaxParallelSequences = 1, Threads = 1 });
        var embedder = new LlamaEmbedder(model, 128, threads: 1);
        var disposables = new Dictionary<string, IDisposable> { ["model"] = model, ["adapter"] = adapter, ["generator"] = generator, ["embedder"] = embedder };

        foreach (var name in order.Split(' '))
        {
            disposables[name].Dispose();
        }

        Assert.That(model.Handle.IsClosed, Is.True, "the weights are freed once the last holder is gone");
    }

    [Test]
    public void DisposedGeneratorRefusesWork()
    {
        using var model = LlamaModel.Load(TestModels.RequireBase());
        var generator = new LlamaGenerator(model, new LlamaGeneratorOptions { ContextSize = 64, MaxParallelSequences = 1, Threads = 1 });
        generator.Dispose();
        Assert.That(() => generator.Generate(GenerationRequest.FromPrompt("Once", 2)), Throws.InstanceOf<ObjectDisposedException>());
    }
}
