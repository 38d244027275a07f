using System.CommandLine;
using System.Globalization;
using Harness.Cli.Output;
using Harness.Core.Caching;
using Harness.Core.Datasets;
using Harness.Core.Models;
using Harness.Core.Results;
using Harness.Core.Suites;
using Harness.Pipelines.Training;

namespace Harness.Cli.Commands;

/// <summary>
/// `harness train &lt;suite&gt; [--pipeline p]`: fine-tunes the models of the suite's <c>train:</c> pipelines into
/// the trained-model cache without evaluating anything (a later run reuses them). Exit 0: every model is
/// trained or cached; 2: one could not be trained (diverged, no data) or the suite is invalid.
/// </summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var suitePath = new Argument<string>("suite") { Description = "A suite file." };
        var pipeline = new Option<string[]>("--pipeline") { Description = "Train only this pipeline (repeatable)." };
        var threads = new Option<int>("--threads") { Description = "Training threads (0: one for models under 100M parameters, else all cores)." };
        var gpuLayers = new Option<int>("--gpu-layers") { Description = "Model layers offloaded to the GPU (CUDA backend)." };
        var command = new Command("train", "Fine-tune the models of a suite's 'train:' pipelines into the cache, without evaluating.")
        {
            suitePath, pipeline, threads, gpuLayers,
        };
        command.SetAction((parseResult, cancellationToken) => Task.FromResult(Train(
            parseResult.GetValue(suitePath)!, parseResult.GetValue(pipeline) ?? [], parseResult.GetValue(threads), parseResult.GetValue(gpuLayers), cancellationToken)));
        return command;
    }

    private static int Train(string path, IReadOnlyList<string> names, int threads, int gpuLayers, CancellationToken cancellationToken)
    {
        var validation = new SuiteValidator().Validate(path);
        if (!validation.IsValid)
        {
            foreach (var problem in validation.Problems)
            {
                Console.Error.WriteLine(problem);
            }
            Console.Error.WriteLine($"harness: {validation.Problems.Count} problem(s) in {path}; nothing was trained - fix them, or check with 'harness validate'");
            return ExitCodes.CouldNotRun;
        }
        var suite = validation.Suite!;
        var trained = suite.Pipelines.Where(p => p.Training is not null && (names.Count == 0 || names.Contains(p.Name))).ToArray();
        var unknown = names.Where(n => suite.FindPipeline(n) is not { Training: not null }).ToArray();
        if (unknown.Length > 0 || trained.Length == 0)
        {
            var trainable = suite.Pipelines.Where(p => p.Training is not null).Select(p => p.Name).ToArray();
            Console.Error.WriteLine(unknown.Length > 0
                ? $"harness: suite '{suite.Name}' has no pipeline with 'train:' named {string.Join(", ", unknown.Select(n => $"'{n}'"))} - {(trainable.Length > 0 ? "its training pipelines are " + string.Join(", ", trainable) : "it has none")}"
                : $"harness: suite '{suite.Name}' has no pipeline with 'train:' - add 'train: {{ data: corpus }}' to a fine-tuned or hybrid pipeline (suites/README.md)");
            return ExitCodes.CouldNotRun;
        }
        using var loggers = ConsoleLogging.Create(verbose: false);
        var datasets = new DatasetCatalog();
        var fineTuner = new FineTuner(new ModelCatalog(), datasets, new TrainedModelCache(TrainedModelCache.DefaultDirectory, loggers.CreateLogger(FineTuner.LogCategory)), loggers.CreateLogger(FineTuner.LogCategory));
        try
        {
            var dataset = datasets.Load(datasets.GetCard(suite.Dataset), new DatasetLoadOptions { Split = suite.Split });
            var exitCode = ExitCodes.Success;
            foreach (var definition in trained)
            {
                try
                {
                    Console.Out.WriteLine(Describe(fineTuner.Prepare(suite, definition, dataset, threads, gpuLayers, cancellationToken)));
                }
                catch (FineTuningException e)
                {
                    Console.Error.WriteLine($"harness: {e.Message}");
                    exitCode = ExitCodes.CouldNotRun;
                }
            }
            return exitCode;
        }
        catch (Exception exception) when (UserFacingError.IsExpected(exception))
        {
            Console.Error.WriteLine($"harness: suite {suite.Name} could not be trained: {UserFacingError.Describe(exception)}");
            return ExitCodes.CouldNotRun;
        }
    }

    private static string Describe(TrainingRecord record) => string.Create(CultureInfo.InvariantCulture,
        $"{record.Pipeline}: {(record.Reused ? "cached, trained earlier" : "trained")} {record.Epochs} epochs on {record.Data} ({record.DataItems} texts) in {record.WallSeconds:0.0} s, "
        + $"{record.TrainedTokens:N0} tokens at {record.TokensPerSecond:0} tokens/s, peak RSS {record.PeakRssBytes / (1024 * 1024)} MiB; "
        + $"loss {record.BaseValidationLoss:0.000} -> {record.FinalTrainLoss:0.000} (validation {record.FinalValidationLoss:0.000}) -> {record.ModelPath}");
}
