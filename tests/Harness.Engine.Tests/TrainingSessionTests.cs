using System.Text.Json;
using Harness.Core;
using Harness.Core.Caching;
using Harness.Core.Running;
using Harness.Core.Suites;
using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;

namespace Harness.Engine.Tests;

/// <summary>
/// Fine-tuning inside a run, with the real tiny model: suites/examples/toyfacts-train.yaml trains stories260K
/// on the toy-facts corpus before its cases run, into a trained-model cache of the test's own.
/// </summary>
[Category("model")]
public sealed class TrainingSessionTests
{
    private string _output = "";

    [SetUp]
    public void RequireModelAndCorpus()
    {
        if (!File.Exists(Path.Combine(RepositoryPaths.Cache, "models", "stories260K.gguf"))
            || !File.Exists(Path.Combine(RepositoryPaths.Cache, "datasets", "toyfacts", "toyfacts-corpus.txt")))
        {
            Assert.Ignore("stories260K.gguf or toyfacts-corpus.txt is not in the cache: run 'bash native/bootstrap.sh' with ../shared beside the repository");
        }
        _output = Directory.CreateTempSubdirectory("harness-training-").FullName;
    }

    /// <summary>Without the trainable build (native/llama-cpp/build.sh) a training test is inconclusive (never a pass), with the reason.</summary>
    private static void RequireWorkingTrainer()
    {
        if (Harness.Llama.Training.TrainingSupport.Problem is { } problem)
        {
            Assert.Inconclusive(problem);
        }
    }

    [TearDown]
    public void RemoveOutput()
    {
        Directory.Delete(_output, recursive: true);
    }

    [Test]
    public async Task TheFineTunedPipelineLearnsTheFactsAndRunJsonRecordsTheEpochItKept()
    {
        RequireWorkingTrainer();
        var suite = Load(File.ReadAllText(ExamplePath));

        var first = await RunAsync(suite, "first");
        var second = await RunAsync(suite, "second");

        string Answer(SessionResult run, string pipeline, string id) => run.Run.Results.Single(r => r.Pipeline == pipeline && r.CaseId == id).Output!.Answer.Trim();
        double MeanTokenF1(SessionResult run, string pipeline) => run.Run.Summary.Single(s => s.Pipeline == pipeline && s.MetricId == "token_f1").Mean ?? 0;
        var training = first.Run.Training.Single();
        using var runJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(first.Directory, "run.json")));
        var recorded = runJson.RootElement.GetProperty("training")[0];
        var curve = training.Curve.Select(e => e.ValidationLoss).ToArray();
        TestContext.Out.WriteLine(string.Join("\n", training.Curve.Select(e => $"epoch {e.Epoch}: loss {e.TrainLoss:0.000}, validation {e.ValidationLoss:0.000}, {e.Seconds:0.0} s")));
        TestContext.Out.WriteLine($"{training.Stopping}; {training.TrainedTokens} tokens in {training.WallSeconds:0.0} s: {training.TokensPerSecond:0} tokens/s; peak RSS {training.PeakRssBytes / 1048576} MiB");
        TestContext.Out.WriteLine(string.Join("\n", first.Run.Results.Where(r => r.Pipeline == "fine-tuned").Select(r => $"{r.CaseId}: {r.Output?.Answer.Trim()}")));
        Assert.Multiple(() =>
        {
            // The base model's greedy " big box" leads every runner-up by more than 0.5 (Harness.Llama.Tests' GreedyLeadTests).
            Assert.That(Answer(first, "closed-book", "kite"), Does.StartWith("big box"));
            // Which words the trained model picks moves with its training trajectory (and so with the CPU's kernels);
            // that it learned the facts does not: the base completes none of the five (token F1 0 on each, e.g. "big box"
            // for "red kite"), the fine-tuned model most of them.
            Assert.That(MeanTokenF1(first, "fine-tuned"), Is.GreaterThan(MeanTokenF1(first, "closed-book") + 0.4));
            Assert.That(training.Reused, Is.False, "the first run trains");
            Assert.That(training.Curve.Select(e => e.Epoch), Is.EqualTo(Enumerable.Range(1, training.StoppedEarlyAtEpoch ?? 16)), "every epoch that ran, in order");
            Assert.That(training.FinalValidationLoss, Is.EqualTo(curve.Min()), "the model kept is the best epoch's");
            Assert.That(recorded.GetProperty("keptEpoch").GetInt32(), Is.EqualTo(Array.IndexOf(curve, curve.Min()) + 1), "run.json records the kept epoch");
            Assert.That(recorded.GetProperty("curve").GetArrayLength(), Is.EqualTo(curve.Length), "run.json carries the loss curve");
            Assert.That(training.TokensPerSecond, Is.GreaterThan(0));
            var costs = first.Run.Pipelines.Single(p => p.Name == "fine-tuned");
            Assert.That((costs.TrainingSeconds, costs.TrainingTokens), Is.EqualTo(((double?)training.WallSeconds, (long?)training.TrainedTokens)), "the cost family's training_s and training_tokens");
            Assert.That(second.Run.Training.Single().Reused, Is.True, "the second run reuses the cached model");
            Assert.That(Answer(second, "fine-tuned", "kite"), Is.EqualTo(Answer(first, "fine-tuned", "kite")));
            Assert.That(Directory.GetFiles(Path.Combine(_output, "trained"), "*.gguf"), Has.Length.EqualTo(1), "one model in the cache");
            Assert.That(Directory.GetFiles(Path.Combine(_output, "trained"), "*.tmp*"), Is.Empty);
        });
    }

    [Test]
    public async Task ATrainingThatOvershootsStopsEarlyAndRunJsonSaysWhereAndWhichEpochItKept()
    {
        RequireWorkingTrainer();
        // At 2e-3 the held-out loss turns upward after a few epochs and keeps climbing (LlamaTrainerTests): with
        // patience 2, training stops two epochs after its best, long before epoch 14.
        var yaml = File.ReadAllText(ExamplePath).Replace(
            "train: { data: corpus, epochs: 16, learning_rate: 3.0e-4,", "train: { data: corpus, epochs: 14, learning_rate: 2.0e-3,", StringComparison.Ordinal);
        var suite = Load(yaml);

        var result = await RunAsync(suite, "early");

        var training = result.Run.Training.Single();
        using var runJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(result.Directory, "run.json")));
        var recorded = runJson.RootElement.GetProperty("training")[0];
        var summary = File.ReadAllText(Path.Combine(result.Directory, "summary.md"));
        TestContext.Out.WriteLine(training.Stopping);
        Assert.Multiple(() =>
        {
            Assert.That(recorded.GetProperty("stoppedEarlyAtEpoch").GetInt32(), Is.LessThan(14));
            Assert.That(recorded.GetProperty("stoppedEarlyAtEpoch").GetInt32(), Is.EqualTo(recorded.GetProperty("keptEpoch").GetInt32() + 2), "stopped two epochs after the best");
            Assert.That(recorded.GetProperty("curve").GetArrayLength(), Is.EqualTo(recorded.GetProperty("stoppedEarlyAtEpoch").GetInt32()));
            Assert.That(training.Error, Is.Null, "early stopping is not an error");
            Assert.That(result.Run.Results.Where(r => r.Pipeline == "fine-tuned").All(r => r.Error is null), Is.True, "the fine-tuned pipeline runs on the kept model");
            Assert.That(summary, Does.Contain($"stopped early at epoch {training.StoppedEarlyAtEpoch}, kept epoch {training.KeptEpoch} "), "summary.md's training note");
        });
    }

    [Test]
    public async Task ADivergingLearningRateStopsTrainingCachesNothingAndFailsOnlyThatPipelinesCases()
    {
        RequireWorkingTrainer();
        // A step size of 10 wrecks the weights in the first epoch: the held-out loss explodes past 1.5 × the base model's.
        var yaml = File.ReadAllText(ExamplePath).Replace(
            "train: { data: corpus, epochs: 16, learning_rate: 3.0e-4,", "train: { data: corpus, epochs: 3, learning_rate: 10,", StringComparison.Ordinal);
        var suite = Load(yaml);

        var result = await RunAsync(suite, "diverged");

        var fineTuned = result.Run.Results.Where(r => r.Pipeline == "fine-tuned").ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(fineTuned, Has.Length.EqualTo(5).And.All.Matches<Core.Results.CaseResult>(r => r?.Error != null && r.Error.Contains("training diverged at epoch", StringComparison.Ordinal)));
            Assert.That(fineTuned[0].Error, Does.Contain("learning_rate 1e+1").And.Contains("lower 'learning_rate'"));
            Assert.That(result.Run.Results.Where(r => r.Pipeline == "closed-book").All(r => r.Error is null), Is.True, "the other pipeline runs");
            Assert.That(result.Run.Training.Single().Error, Does.Contain("training diverged"));
            // The key's lock file stays (removing it could let two runs hold the key at once); no model or record does.
            Assert.That(Directory.Exists(Path.Combine(_output, "trained")) ? Directory.GetFiles(Path.Combine(_output, "trained")).Where(f => !f.EndsWith(".lock", StringComparison.Ordinal)) : [], Is.Empty, "nothing is cached");
        });
    }

    [Test]
    public async Task WithoutTheTrainableBuildTheFineTunedCasesFailWithTheReasonAndTheBaseStillAnswers()
    {
        if (Harness.Llama.Training.TrainingSupport.Problem is null)
        {
            Assert.Inconclusive("the trainable build is here: the refusal does not apply");
        }
        var suite = Load(File.ReadAllText(ExamplePath));

        var result = await RunAsync(suite, "refused");

        var fineTuned = result.Run.Results.Where(r => r.Pipeline == "fine-tuned").ToArray();
        Assert.Multiple(() =>
        {
            // The example suite has 5 cases; every one of the fine-tuned pipeline's is an error naming the cause and the way out.
            Assert.That(fineTuned, Has.Length.EqualTo(5).And.All.Matches<Core.Results.CaseResult>(r => r?.Error != null && r.Error.Contains("native/llama-cpp/build.sh", StringComparison.Ordinal)));
            Assert.That(fineTuned[0].Error, Does.Contain("PR 27199").And.Contains("use 'adapter:' or 'model:'"));
            Assert.That(result.Run.Results.Where(r => r.Pipeline == "closed-book").All(r => r.Error is null), Is.True, "the other pipeline runs");
            Assert.That(result.Run.Results.Single(r => r.Pipeline == "closed-book" && r.CaseId == "kite").Output!.Answer.Trim(), Does.StartWith("big box"));
            Assert.That(result.Run.Training.Single().Error, Does.Contain("run 'bash native/llama-cpp/build.sh'"));
            // The key's lock file stays (removing it could let two runs hold the key at once); no model or record does.
            Assert.That(Directory.Exists(Path.Combine(_output, "trained")) ? Directory.GetFiles(Path.Combine(_output, "trained")).Where(f => !f.EndsWith(".lock", StringComparison.Ordinal)) : [], Is.Empty, "nothing is cached");
        });
    }

    private static string ExamplePath => Path.Combine(RepositoryPaths.Root, "suites", "examples", "toyfacts-train.yaml");

    private static SuiteDefinition Load(string yaml)
    {
        var validation = new SuiteValidator().Validate(ExamplePath, yaml);
        Assert.That(validation.Problems, Is.Empty);
        return validation.Suite!;
    }

    private Task<SessionResult> RunAsync(SuiteDefinition suite, string name) =>
        new SuiteSession(NullLoggerFactory.Instance, pipelines: SuiteSession.DefaultPipelines(NullLoggerFactory.Instance, trainedModels: Path.Combine(_output, "trained"))).RunAsync(
            suite,
            new RunOptions { Cache = CacheMode.Off, OutputDirectory = Path.Combine(_output, name), Threads = 1 },
            new SessionOptions { RecordHistory = false },
            progress: null,
            CancellationToken.None);
}
