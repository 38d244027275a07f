using Harness.Core;
using NUnit.Framework;

namespace Harness.Cli.Tests;

/// <summary>
/// `harness bench generate` runs end to end on the small model and prints every table a user reads. The figures
/// themselves are not asserted: speed is printed by the bench and compared there, never timed by a test.
/// </summary>
public sealed class BenchCommandTests
{
    [Test]
    public async Task BenchGeneratePrintsTheHarnessBesideItsReferencesAndTheLoadTimes()
    {
        if (!File.Exists(Path.Combine(RepositoryPaths.Cache, "models", "stories260K.gguf")))
        {
            Assert.Ignore("stories260K.gguf is not in the cache: run 'bash native/bootstrap.sh' with ../shared beside the repository");
        }

        var (exitCode, output) = await HarnessProcess.RunAsync(
            "bench", "generate", "--model", "stories260K", "--threads", "1", "--prompt-tokens", "8", "--gen-tokens", "8", "--repetitions", "2");

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Zero, output);
            Assert.That(output, Does.Contain("threads 1, pp 8, tg 8, 2 runs after 1 warm-up"));
            // Beside the harness's parallel sequences: llama.cpp's counters and its llama-batched-bench (or why not).
            Assert.That(output, Does.Contain("| harness/counters | tg tokens/s (llama-batched-bench) | harness/batched"));
            Assert.That(output, Does.Contain("raw LLamaSharp loop, same process"));
            Assert.That(output, Does.Contain("harness / raw LLamaSharp loop"));
            // llama-bench's row is there whether or not native/llama-cpp/build.sh has built it (then it says so).
            Assert.That(output, Does.Contain("llama-bench -t 1 -p 8 -n 8"));
            // Four load pairs per run: 4 × 2 = 8.
            Assert.That(output, Does.Contain("model load, 8 pairs"));
            Assert.That(output, Does.Contain("harness / raw LLamaSharp load"));
        });
    }
}
