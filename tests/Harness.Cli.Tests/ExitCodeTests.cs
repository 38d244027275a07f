using Harness.Core;
using Harness.Llama.Tests;
using NUnit.Framework;

namespace Harness.Cli.Tests;

/// <summary>The exit codes CI reads: 0 all gates pass, 1 a gate failed, 2 the run could not happen.</summary>
public sealed class ExitCodeTests
{
    private static string FiveMistakes => Path.Combine(RepositoryPaths.Root, "tests", "Harness.Core.Tests", "Suites", "Fixtures", "five-mistakes.yaml");

    [Test]
    public async Task ValidatePrintsEveryMistakeWithItsPositionAndExitsTwo()
    {
        var (exitCode, output) = await HarnessProcess.RunAsync("validate", FiveMistakes);

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(2));
            Assert.That(output, Does.Contain("five-mistakes.yaml:9:11: error: unknown pipeline kind 'closed-bok' - did you mean 'closed-book'?"));
            Assert.That(output, Does.Contain("five-mistakes.yaml:14:30: error: unknown metric 'recal@5' - did you mean 'recall@5'?"));
            Assert.That(output, Does.Contain("5 problem(s) in 1 of 1 suite file(s)"));
        });
    }

    /// <summary>
    /// A model-free suite over datasets/fixtures/toyqa.jsonl: 7 rows, of which rows 3, 4 and 6 are broken on purpose and
    /// become error cases, so the extractive pipeline has 3 errors and 4 answered cases.
    /// </summary>
    private static string ToyQaSuite(string directory, string name, string gates)
    {
        var path = Path.Combine(directory, name + ".yaml");
        File.WriteAllText(path, $$"""
            name: {{name}}
            dataset: toyqa
            pipelines:
              - name: extractive
                kind: extractive
                retriever: { kind: bm25, top_k: 1, chunk: passages }
            metrics: [answer]
            gates:
            {{gates}}
            """);
        return path;
    }

    [Test]
    public async Task ARunWhoseGateFailsExitsOneAndCountsTheFailure()
    {
        var directory = Directory.CreateTempSubdirectory("harness-exit-one-").FullName;
        try
        {
            // 3 of 7 case results are errors: 3 / 7 = 42.9% > the 10% budget, so the gate fails on what happened.
            var suite = ToyQaSuite(directory, "exit-one", "  - { error_budget: 0.1 }");

            var (exitCode, output) = await HarnessProcess.RunAsync("run", suite, "--out", Path.Combine(directory, "run"));

            Assert.Multiple(() =>
            {
                Assert.That(exitCode, Is.EqualTo(1), output);
                Assert.That(output, Does.Contain("3 of 7 case results in error"));
                Assert.That(output, Does.Contain("gates: 1 failed"));
            });
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [TestCase(false, 0)]
    [TestCase(true, 1)]
    public async Task AnInconclusiveGateExitsZeroAndIsCountedWithItsReasonUnlessItIsStrict(bool strict, int expectedExitCode)
    {
        var directory = Directory.CreateTempSubdirectory("harness-inconclusive-").FullName;
        try
        {
            // The budget passes (3 / 7 = 42.9% ≤ 50%); the regression gate has no baseline to compare with (no suite of
            // this name ever saved one), so it cannot decide: the first nightly run of a new suite.
            var suite = ToyQaSuite(directory, "exit-code-no-baseline-yet", $$"""
                  - { error_budget: 0.5 }
                  - { regression: true, margin: 0.02, metrics: [exact_match], strict: {{(strict ? "true" : "false")}} }
                """);

            var (exitCode, output) = await HarnessProcess.RunAsync("run", suite, "--out", Path.Combine(directory, "run"));

            Assert.Multiple(() =>
            {
                Assert.That(exitCode, Is.EqualTo(expectedExitCode), output);
                if (strict)
                {
                    Assert.That(output, Does.Contain("strict gate: inconclusive (no baseline) counts as fail"));
                    Assert.That(output, Does.Contain("gates: 1 passed, 1 failed"));
                }
                else
                {
                    Assert.That(output, Does.Contain("gates: 1 passed, 1 inconclusive (no baseline)"));
                    Assert.That(output, Does.Contain("mark a gate strict: true to make it fail"));
                }
            });
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public async Task ValidatePrintsTheWarningOfChunkTokensWithoutAGeneratorAndStillPasses()
    {
        var suite = Path.Combine(Path.GetTempPath(), $"harness-chunk-tokens-{Environment.ProcessId}.yaml");
        await File.WriteAllTextAsync(suite, """
            name: chunk-tokens
            dataset: toyqa
            pipelines:
              - { name: x, kind: extractive, retriever: { kind: bm25, chunk: { tokens: 64 } } }
            """);
        try
        {
            var (exitCode, output) = await HarnessProcess.RunAsync("validate", suite);

            Assert.Multiple(() =>
            {
                Assert.That(exitCode, Is.EqualTo(0));
                Assert.That(output, Does.Contain($"{suite}:4:68: warning: chunk 'tokens' are the generator's tokens, and this pipeline has no generator model: counted as words - say 'words: 64'"));
                Assert.That(output, Does.Contain("1 suite(s) valid, 1 warning(s)"));
            });
        }
        finally
        {
            File.Delete(suite);
        }
    }

    [Test]
    public async Task RunRefusesABrokenSuiteBeforeLoadingAnything()
    {
        var (exitCode, output) = await HarnessProcess.RunAsync("run", FiveMistakes, "--out", Path.Combine(Path.GetTempPath(), "harness-never-written"));

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(2));
            Assert.That(output, Does.Contain("nothing was run"));
            Assert.That(Directory.Exists(Path.Combine(Path.GetTempPath(), "harness-never-written")), Is.False);
        });
    }

    [Test]
    public async Task AnUnknownModelCardIsOneLineWithASuggestionAndExitTwo()
    {
        var (exitCode, output) = await HarnessProcess.RunAsync("generate", "--model", "storie260K", "--prompt", "Once");

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(2));
            Assert.That(output, Does.Contain("did you mean 'stories260K'?"));
        });
    }

    [Test]
    public async Task CudaBackendWithoutCudaNativesSaysHowToGetThemAndExitsTwo()
    {
        if (File.Exists(Path.Combine(RepositoryPaths.Cache, "native", "llama-cuda", "libllama.so")))
        {
            Assert.Ignore("a CUDA build of llama.cpp is in the cache here, so the cuda backend has its natives");
        }
        var environment = new Dictionary<string, string> { ["HARNESS_BACKEND"] = "cuda" };

        var (exitCode, output) = await HarnessProcess.RunAsync(environment, "generate", "--model", "stories260K", "--prompt", "Once", "--max-tokens", "2");

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(2));
            Assert.That(output.TrimEnd().Split('\n'), Has.Length.EqualTo(1), output);
            Assert.That(output, Does.Contain("LLamaSharp.Backend.Cuda12").And.Contain("native/llama-cuda/build.sh"));
        });
    }

    [Test]
    public async Task AnUnknownCpuVariantIsAUsageErrorNamingTheChoices()
    {
        var (exitCode, output) = await HarnessProcess.RunAsync("generate", "--cpu-variant", "fastest", "--model", "stories260K", "--prompt", "Once");

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(2));
            Assert.That(output, Does.Contain("fastest").And.Contain("portable").And.Contain("native"));
        });
    }

    [Test]
    public async Task AnUnknownCpuVariantInTheEnvironmentIsOneLineNamingTheVariableAndTheChoices()
    {
        var environment = new Dictionary<string, string> { ["HARNESS_CPU_VARIANT"] = "fastest" };

        var (exitCode, output) = await HarnessProcess.RunAsync(environment, "generate", "--model", "stories260K", "--prompt", "Once", "--max-tokens", "2");

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(2));
            Assert.That(output.TrimEnd().Split('\n'), Has.Length.EqualTo(1), output);
            Assert.That(output, Does.Contain("HARNESS_CPU_VARIANT is 'fastest', not a CPU variant - use portable, native"));
        });
    }

    /// <summary>Bad model files: each is refused in C# (or by llama.cpp without aborting) with one line naming the file, and exit 2.</summary>
    [TestCase("missing file")]
    [TestCase("text file named .gguf")]
    [TestCase("model truncated to 100 KB")]
    [TestCase("LoRA made for another base")]
    public async Task ABadModelFileIsOneLineNamingItAndExitTwo(string kind)
    {
        var directory = Path.Combine(Path.GetTempPath(), "harness-bad-files-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            var model = Path.Combine(RepositoryPaths.Cache, "models", "stories260K.gguf");
            if (kind is "model truncated to 100 KB" or "LoRA made for another base" && !File.Exists(model))
            {
                Assert.Ignore($"{model} is absent - run native/bootstrap.sh");
            }
            var bad = Path.Combine(directory, "bad.gguf");
            string[] arguments = ["generate", "--model", bad, "--prompt", "Tom has a", "--max-tokens", "4"];
            switch (kind)
            {
                case "text file named .gguf":
                    File.WriteAllText(bad, "These are notes, not a model. They are long enough to hold a header.");
                    break;
                case "model truncated to 100 KB":
                    File.WriteAllBytes(bad, File.ReadAllBytes(model)[..(100 * 1024)]);
                    break;
                case "LoRA made for another base":
                    File.WriteAllBytes(bad, GgufBuilder.LoraForAnotherBase());
                    arguments = ["generate", "--model", model, "--lora", bad, "--prompt", "Tom has a", "--max-tokens", "4"];
                    break;
            }

            var (exitCode, output) = await HarnessProcess.RunAsync(arguments);

            Assert.Multiple(() =>
            {
                Assert.That(exitCode, Is.EqualTo(2));
                Assert.That(output.TrimEnd().Split('\n'), Has.Length.EqualTo(1), output);
                Assert.That(output, Does.StartWith("harness generate: ").And.Contain(bad));
            });
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
