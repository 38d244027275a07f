using System.Diagnostics;
using System.Globalization;
using Harness.Core;
using Harness.Core.Caching;
using Harness.Core.Data;
using Harness.Core.Datasets;
using Harness.Core.Models;
using Harness.Core.Results;
using Harness.Core.Suites;
using Harness.Llama.Training;
using Harness.Pipelines.Prompts;
using Microsoft.Extensions.Logging;

namespace Harness.Pipelines.Training;

/// <summary>
/// Gives a pipeline with a <c>train:</c> block its fine-tuned model: the training texts are prepared from the
/// suite's data, keyed with the base model and settings (<see cref="TrainedModelKey"/>), and the model is taken
/// from <see cref="TrainedModelCache"/> or trained there by <see cref="LlamaTrainer"/>, with a progress line per
/// epoch on the "Harness.Training" log. Training that fails (diverged, too little data) throws
/// <see cref="FineTuningException"/> carrying the record of what happened.
/// </summary>
public sealed class FineTuner(ModelCatalog models, DatasetCatalog datasets, TrainedModelCache cache, ILogger logger)
{
    /// <summary>The log category of the progress lines (the CLI shows it without --verbose).</summary>
    public const string LogCategory = "Harness.Training";

    public TrainingRecord Prepare(SuiteDefinition suite, PipelineDefinition pipeline, Dataset evaluated, int threads, int gpuLayers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(suite);
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(evaluated);
        var (training, resolved, baseSha, texts, data, dataSha, key) = Identify(suite, pipeline, evaluated);
        var record = new TrainingRecord
        {
            Pipeline = pipeline.Name,
            BaseModel = resolved.Name,
            BaseSha256 = baseSha,
            Key = key,
            Data = data,
            DataSha256 = dataSha,
            DataItems = texts.Count,
            Epochs = training.Epochs,
            LearningRate = training.LearningRate,
            Context = training.Context,
            Batch = training.Batch ?? training.Context,
            Seed = training.Seed,
        };
        if (texts.Count == 0)
        {
            throw new FineTuningException(
                $"pipeline '{pipeline.Name}' has no training data: {data} of dataset '{suite.Dataset}' holds no {(training.Data == TrainingData.Corpus ? "document text" : "case with a reference answer or label")} - train on other data",
                record with { Error = "no training data" });
        }
        var options = new LlamaTrainingOptions
        {
            Context = training.Context,
            Batch = training.Batch ?? 0,
            Epochs = training.Epochs,
            LearningRate = (float)training.LearningRate,
            Seed = training.Seed,
            ValidationShare = training.Validation,
            Patience = training.Patience,
            Threads = threads,
            GpuLayers = gpuLayers,
        };
        try
        {
            var trained = cache.FindOrTrain(
                key,
                temporary =>
                {
                    logger.LogInformation("Training {Pipeline}: fine-tuning {Base} on {Data} ({Items} texts), {Epochs} epochs, learning rate {Rate}, context {Context}",
                        pipeline.Name, resolved.Name, data, texts.Count, training.Epochs, training.LearningRate, training.Context);
                    var result = LlamaTrainer.Train(
                        resolved.Path, resolved.Sha256, Hashing.OfStampedFile, texts, options, temporary,
                        new EpochLog(logger, pipeline.Name), new StepLog(logger, pipeline.Name), cancellationToken);
                    return Completed(record, result);
                },
                () => logger.LogInformation(
                    "Training {Pipeline}: another run is training the same model ({Key}); waiting for it instead of training it twice", pipeline.Name, key),
                cancellationToken);
            if (trained.Reused)
            {
                logger.LogInformation("Training {Pipeline}: reusing the model trained {Epochs} epochs on {Data} ({Path})", pipeline.Name, trained.Epochs, data, trained.ModelPath);
                return trained with { Pipeline = pipeline.Name };
            }
            if (trained.Stopping is { } stopping)
            {
                logger.LogInformation("Training {Pipeline}: {Stopping}", pipeline.Name, stopping);
            }
            return trained;
        }
        catch (TrainingDivergedException e)
        {
            throw new FineTuningException($"pipeline '{pipeline.Name}': {e.Message}", record with { Error = e.Message, Curve = Curve(e.Epochs) }, e);
        }
        catch (TrainingException e)
        {
            throw new FineTuningException($"pipeline '{pipeline.Name}' could not be trained: {e.Message}", record with { Error = e.Message }, e);
        }
    }

    /// <summary>
    /// What <see cref="Prepare"/> would train for the pipeline, without training: its cache key, its texts and the
    /// model the cache already holds under that key (null when it would be trained). Pipelines with the same key share one model.
    /// </summary>
    public PlannedTraining Plan(SuiteDefinition suite, PipelineDefinition pipeline, Dataset evaluated)
    {
        var (_, resolved, _, texts, data, dataSha, key) = Identify(suite, pipeline, evaluated);
        return new PlannedTraining(key, resolved.Name, data, dataSha, texts, cache.Find(key));
    }

    private (TrainingDefinition Training, ResolvedModel Base, string BaseSha, IReadOnlyList<string> Texts, string Data, string DataSha, string Key) Identify(
        SuiteDefinition suite, PipelineDefinition pipeline, Dataset evaluated)
    {
        ArgumentNullException.ThrowIfNull(suite);
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(evaluated);
        var training = pipeline.Training ?? throw new ArgumentException($"pipeline '{pipeline.Name}' has no 'train:' block", nameof(pipeline));
        var baseName = pipeline.Model ?? suite.Models.Generator
            ?? throw new ArgumentException($"pipeline '{pipeline.Name}' trains but has no generator: set models.generator in the suite or model: on the pipeline");
        var resolved = models.Resolve(baseName);
        var baseSha = resolved.Sha256 ?? Hashing.OfStampedFile(resolved.Path);
        var (texts, data) = Texts(suite, pipeline, training, evaluated);
        var dataSha = TrainedModelKey.HashData(texts);
        return (training, resolved, baseSha, texts, data, dataSha, new TrainedModelKey(baseSha, dataSha, training, TrainingSupport.BuildIdentity).Hash());
    }

    private (IReadOnlyList<string> Texts, string Data) Texts(SuiteDefinition suite, PipelineDefinition pipeline, TrainingDefinition training, Dataset evaluated)
    {
        if (training.Data == TrainingData.Corpus)
        {
            return (TrainingTexts.FromCorpus(evaluated.Corpus, training), "corpus");
        }
        var split = training.Split ?? throw new ArgumentException($"pipeline '{pipeline.Name}' trains on 'data: split' but names no split");
        var dataset = datasets.Load(datasets.GetCard(suite.Dataset), new DatasetLoadOptions { Split = split });
        return (TrainingTexts.FromCases(dataset, PromptBuilder.TemplateOf(pipeline), training), "split " + split);
    }

    private static TrainingRecord Completed(TrainingRecord record, LlamaTrainingResult result) => record with
    {
        BaseContextLength = result.BaseContextLength,
        Context = result.Context,
        Batch = result.Batch,
        Threads = result.Threads,
        DataTokens = result.DataTokens,
        TrainedTokens = result.TrainedTokens,
        WallSeconds = result.Elapsed.TotalSeconds,
        TokensPerSecond = result.TokensPerSecond,
        PeakRssBytes = result.PeakRssBytes,
        BaseValidationLoss = result.BaseValidationLoss,
        FinalTrainLoss = result.Kept.TrainLoss,
        FinalValidationLoss = result.Kept.ValidationLoss,
        KeptEpoch = result.KeptEpoch,
        StoppedEarlyAtEpoch = result.StoppedEarly ? result.Epochs[^1].Epoch : null,
        Curve = Curve(result.Epochs),
    };

    private static List<EpochLoss> Curve(IReadOnlyList<EpochReport> epochs) =>
        [.. epochs.Select(e => new EpochLoss(e.Epoch, e.TrainLoss, e.ValidationLoss, e.Elapsed.TotalSeconds))];

    /// <summary>One line per epoch: loss, held-out loss, speed and the time left.</summary>
    private sealed class EpochLog(ILogger logger, string pipeline) : IProgress<EpochReport>
    {
        public void Report(EpochReport value) => logger.LogInformation(
            "Training {Pipeline}: epoch {Epoch}/{Epochs}, loss {Loss}, validation loss {ValidationLoss}, {TokensPerSecond} tokens/s, ETA {Eta}",
            pipeline, value.Epoch, value.Epochs,
            value.TrainLoss.ToString("0.000", CultureInfo.InvariantCulture), value.ValidationLoss.ToString("0.000", CultureInfo.InvariantCulture),
            value.TokensPerSecond.ToString("0", CultureInfo.InvariantCulture), value.Remaining.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture));
    }

    /// <summary>Within a long epoch, where it is (at most every ten seconds).</summary>
    private sealed class StepLog(ILogger logger, string pipeline) : IProgress<TrainingProgress>
    {
        private long _last = Stopwatch.GetTimestamp();

        public void Report(TrainingProgress value)
        {
            if (Stopwatch.GetElapsedTime(_last) < TimeSpan.FromSeconds(10) || value.Step == value.Steps)
            {
                return;
            }
            _last = Stopwatch.GetTimestamp();
            logger.LogInformation("Training {Pipeline}: epoch {Epoch}/{Epochs}, step {Step}/{Steps}", pipeline, value.Epoch, value.Epochs, value.Step, value.Steps);
        }
    }
}

/// <summary>What a pipeline's 'train:' block would train: the cache key, the base model, the data (its sha256 and texts), and the model already cached under the key.</summary>
public sealed record PlannedTraining(string Key, string BaseModel, string Data, string DataSha256, IReadOnlyList<string> Texts, TrainingRecord? Cached);

/// <summary>A pipeline's model could not be trained; <see cref="Record"/> says with what and how far it got.</summary>
public sealed class FineTuningException : Exception
{
    public FineTuningException()
    {
    }

    public FineTuningException(string message)
        : base(message)
    {
    }

    public FineTuningException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public FineTuningException(string message, TrainingRecord record, Exception? innerException = null)
        : base(message, innerException) => Record = record;

    public TrainingRecord? Record { get; }
}
