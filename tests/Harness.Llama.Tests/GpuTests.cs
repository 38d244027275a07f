using Harness.Llama.Generation;
using Harness.Llama.Native;

namespace Harness.Llama.Tests;

/// <summary>
/// The CUDA backend (HARNESS_BACKEND=cuda, natives from LLamaSharp.Backend.Cuda12 or native/llama-cuda/build.sh).
/// The backend is chosen once per process, so these run in a test process started with HARNESS_BACKEND=cuda on a
/// machine with an NVIDIA GPU; elsewhere they are skipped with the reason.
/// </summary>
[TestFixture]
[Category("gpu")]
[Category(TestModels.Category)]
public class GpuTests
{
    [OneTimeSetUp]
    public void RequireCuda()
    {
        if (!File.Exists("/dev/nvidiactl") && !OperatingSystem.IsWindows())
        {
            Assert.Ignore("no NVIDIA GPU on this machine (/dev/nvidiactl is absent)");
        }
        if (LlamaNativeLibrary.Backend != "cuda")
        {
            Assert.Ignore("the tests run on the cpu backend - start them with HARNESS_BACKEND=cuda (or the 'backend' run setting)");
        }
    }

    [Test]
    public void CudaDeviceIsLoaded() =>
        Assert.That(LlamaNativeLibrary.Backends(), Has.Some.StartsWith("CUDA"));

    [Test]
    public void FullyOffloadedModelGivesTheCpuGreedyText()
    {
        using var model = LlamaModel.Load(TestModels.RequireBase(), new LlamaModelOptions { GpuLayers = -1 });
        using var generator = new LlamaGenerator(model, new LlamaGeneratorOptions { ContextSize = 256, MaxParallelSequences = 4, Threads = 1 });

        var results = generator.GenerateBatch([GenerationRequest.FromPrompt("Once upon a time", 16), GenerationRequest.FromPrompt("Tom has a", 8)]);

        // The reference texts of GenerationTests, produced on the CPU.
        Assert.That(results[0].Text, Does.StartWith(", there was a little girl named Lily."));
        Assert.That(results[1].Text, Does.StartWith(" big box."));
    }
}
