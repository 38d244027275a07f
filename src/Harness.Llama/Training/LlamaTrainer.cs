using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Harness.Llama.Native;

namespace Harness.Llama.Training;

/// <summary>
/// Full fine-tuning of an F32 model with llama.cpp's training API (llama_opt_init / llama_opt_epoch, as its
/// examples/training/finetune.cpp): the texts are tokenized (each ended by EOS) and packed into
/// <see cref="TrainingWindows"/>, and trained on with AdamW epoch by epoch, the held-out windows giving the
/// validation loss. Each epoch that lowers the best validation loss so far writes the model to the output path, so
/// the file always holds the best epoch's weights. When the validation loss has not improved on the best (the base
/// model's counts, so epoch 1 is held against it) for <see cref="LlamaTrainingOptions.Patience"/> epochs, training
/// stops early and keeps that file (early stopping with the best weights restored). Divergence, a non-finite loss or
/// a validation loss above <see cref="ExplodedFactor"/> × the base model's, stops training with
/// <see cref="TrainingDivergedException"/> and deletes the file. Training runs in a child process
/// on the trainable llama.cpp build (<see cref="TrainingSupport"/>), while this process keeps LLamaSharp's natives
/// for evaluation: the trained GGUF is a plain file either loads.
/// </summary>
public static unsafe class LlamaTrainer
{
    /// <summary>
    /// A validation loss above this multiple of the base model's is an explosion, not overfitting: the weights have
    /// left the region where the base model was trained (overfitting a small corpus raises the loss by a few tenths).
    /// </summary>
    public const double ExplodedFactor = 1.5;

    [ThreadStatic]
    private static BatchReporter? _reporter;

    /// <summary>
    /// Trains in a child process (<see cref="TrainingWorkerProcess"/>) on the trainable llama.cpp build; the model
    /// file is checked here first (GGUF, optional sha256 found by <paramref name="sha256Of"/> as in
    /// <see cref="LlamaModelOptions.Sha256Of"/>), and epochs and steps are reported as the child sends them.
    /// </summary>
    public static LlamaTrainingResult Train(
        string basePath,
        string? expectedSha256,
        Func<string, string>? sha256Of,
        IReadOnlyList<string> texts,
        LlamaTrainingOptions options,
        string outputPath,
        IProgress<EpochReport>? epochs = null,
        IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(basePath);
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Epochs, 1);
        if (!(options.LearningRate > 0) || !float.IsFinite(options.LearningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.LearningRate, "the learning rate must be a positive number");
        }
        var fullPath = Path.GetFullPath(basePath);
        LlamaModel.CheckFile(fullPath, expectedSha256, sha256Of);
        TrainingSupport.EnsureAvailable();
        return TrainingWorkerProcess.Run(new TrainingRequest(fullPath, texts, options, Path.GetFullPath(outputPath)), epochs, progress, cancellationToken);
    }

    /// <summary>The worker's side: loads the model with the trainable build, packs the windows and trains.</summary>
    internal static LlamaTrainingResult TrainHere(TrainingRequest request, IProgress<EpochReport>? epochs, IProgress<TrainingProgress>? progress)
    {
        var options = request.Options;
        var model = TrainingSession.LoadModel(request.BasePath, options.GpuLayers);
        try
        {
            var fileType = TrainingNativeMethods.ModelFileType(model);
            if ((fileType & ~TrainingNativeMethods.FileTypeGuessed) != TrainingNativeMethods.FileTypeAllF32)
            {
                throw new TrainingException(
                    $"'{request.BasePath}' holds {NativeMethods.ReadUtf8(TrainingNativeMethods.FileTypeName(fileType))} weights - llama.cpp fine-tunes only F32 weights (a quantized model has no gradients); train an F32 model (convert with --outtype f32)");
            }
            var vocab = TrainingNativeMethods.ModelGetVocab(model);
            var tokens = Tokenize(vocab, request.Texts);
            var threads = options.Threads > 0 ? options.Threads : LlamaThreads.Automatic((long)TrainingNativeMethods.ModelParameterCount(model));
            using var session = TrainingSession.Create(model, Path.GetFileName(request.BasePath), options.Context, options.Batch, threads);
            int? bos = TrainingNativeMethods.VocabAddsBos(vocab) ? TrainingNativeMethods.VocabBos(vocab) : null;
            var windows = TrainingWindows.Create(tokens, session.ContextSize, options.ValidationShare, options.Seed, bos);
            return Run(session, windows, tokens.Sum(t => (long)t.Length), TrainingNativeMethods.ModelContextLength(model), options with { Threads = threads }, request.OutputPath, epochs, progress);
        }
        finally
        {
            TrainingNativeMethods.ModelFree(model);
        }
    }

    /// <summary>Each text's tokens followed by EOS (BOS leads each window instead).</summary>
    private static List<int[]> Tokenize(nint vocab, IReadOnlyList<string> texts)
    {
        var eos = TrainingNativeMethods.VocabEos(vocab);
        var tokenized = new List<int[]>();
        foreach (var text in texts)
        {
            if (!string.IsNullOrWhiteSpace(text))
            {
                tokenized.Add([.. TrainingSession.Tokenize(vocab, text), eos]);
            }
        }
        return tokenized.Count > 0
            ? tokenized
            : throw new TrainingDataException("the training data is empty: every text is blank - check the suite's data (corpus documents or the split's cases)");
    }

    private static LlamaTrainingResult Run(
        TrainingSession session, TrainingWindows windows, long dataTokens, int baseContextLength, LlamaTrainingOptions options, string outputPath,
        IProgress<EpochReport>? epochs, IProgress<TrainingProgress>? progress)
    {
        var context = windows.Context;
        // The optimizer reads its step sizes through this pointer at every step; native memory never moves.
        var optimizer = (GgmlOptOptimizerParams*)NativeMemory.Alloc((nuint)sizeof(GgmlOptOptimizerParams));
        var trainSet = TrainingNativeMethods.DatasetInit(TrainingNativeMethods.GgmlTypeI32, TrainingNativeMethods.GgmlTypeI32, context, context, windows.TrainCount, 1);
        var validationSet = TrainingNativeMethods.DatasetInit(TrainingNativeMethods.GgmlTypeI32, TrainingNativeMethods.GgmlTypeI32, context, context, windows.ValidationCount, 1);
        var trainResult = TrainingNativeMethods.ResultInit();
        var validationResult = TrainingNativeMethods.ResultInit();
        try
        {
            *optimizer = TrainingNativeMethods.DefaultOptimizerParams(0);
            optimizer->AdamWAlpha = options.LearningRate;
            optimizer->SgdAlpha = options.LearningRate;
            TrainingNativeMethods.OptInit(session.Context, session.Model, new LlamaOptParams
            {
                // llama.cpp's own callbacks, as finetune.cpp uses them: every tensor trains, at the step sizes in *optimizer.
                ParamFilter = LlamaNativeLibrary.Export(NativeMethods.LlamaLibrary, "llama_opt_param_filter_all"),
                GetOptimizerParams = LlamaNativeLibrary.Export(TrainingNativeMethods.GgmlBaseLibrary, "ggml_opt_get_constant_optimizer_params"),
                GetOptimizerParamsUserData = (nint)optimizer,
                OptimizerType = TrainingNativeMethods.OptimizerAdamW,
            });
            var inputs = Tensor(TrainingNativeMethods.DatasetData(trainSet), windows.TrainCount * context);
            var labels = Tensor(TrainingNativeMethods.DatasetLabels(trainSet), windows.TrainCount * context);
            var validationInputs = Tensor(TrainingNativeMethods.DatasetData(validationSet), windows.ValidationCount * context);
            var validationLabels = Tensor(TrainingNativeMethods.DatasetLabels(validationSet), windows.ValidationCount * context);
            for (var v = 0; v < windows.ValidationCount; v++)
            {
                windows.CopyWindow(windows.Validation[v], validationInputs.Slice(v * context, context), validationLabels.Slice(v * context, context));
            }
            var clock = Stopwatch.StartNew();
            // The base model's loss on the held-out windows: the curve's starting point, and what epoch 1 must not rise above.
            var baseLoss = Validate(session, validationSet, validationResult);
            var reports = new List<EpochReport>();
            EpochReport? kept = null;
            var sinceBest = 0;
            try
            {
                for (var epoch = 1; epoch <= options.Epochs; epoch++)
                {
                    var order = windows.NextEpochOrder();
                    for (var w = 0; w < order.Length; w++)
                    {
                        windows.CopyWindow(order[w], inputs.Slice(w * context, context), labels.Slice(w * context, context));
                    }
                    var started = clock.Elapsed;
                    _reporter = progress is null ? null : new BatchReporter(progress, epoch, options.Epochs);
                    try
                    {
                        // A split index at the end trains on every window of the set and evaluates none.
                        TrainingNativeMethods.OptEpoch(session.Context, trainSet, trainResult, 0, windows.TrainCount, &OnTrainBatch, null);
                    }
                    finally
                    {
                        _reporter = null;
                    }
                    var trainLoss = Loss(trainResult);
                    TrainingNativeMethods.ResultReset(trainResult);
                    var validationLoss = Validate(session, validationSet, validationResult);
                    var elapsed = clock.Elapsed - started;
                    var report = new EpochReport(
                        epoch, options.Epochs, trainLoss, validationLoss, (long)windows.TrainCount * context, elapsed,
                        (clock.Elapsed / epoch) * (options.Epochs - epoch));
                    reports.Add(report);
                    epochs?.Report(report);
                    if (Diverged(report, baseLoss, options) is { } reason)
                    {
                        throw new TrainingDivergedException(reason, reports);
                    }
                    // Improvement is against the best so far, the base model's loss included (epoch 1 is held against it).
                    sinceBest = validationLoss < Math.Min(baseLoss, kept?.ValidationLoss ?? double.PositiveInfinity) ? 0 : sinceBest + 1;
                    // The file holds the best trained epoch's weights (the first epoch's at least, so a model is always written).
                    if (kept is null || validationLoss < kept.ValidationLoss)
                    {
                        Save(session, outputPath);
                        kept = report;
                    }
                    if (options.Patience > 0 && sinceBest >= options.Patience && epoch < options.Epochs)
                    {
                        break;
                    }
                }
            }
            catch
            {
                File.Delete(outputPath);
                throw;
            }
            return new LlamaTrainingResult(
                reports, baseLoss, baseContextLength, context, session.Batch, options.Threads, windows.TrainCount, windows.ValidationCount, dataTokens, reports.Sum(r => r.TrainedTokens), clock.Elapsed, PeakRss())
            {
                KeptEpoch = kept!.Epoch,
            };
        }
        finally
        {
            TrainingNativeMethods.ResultFree(validationResult);
            TrainingNativeMethods.ResultFree(trainResult);
            TrainingNativeMethods.DatasetFree(validationSet);
            TrainingNativeMethods.DatasetFree(trainSet);
            NativeMemory.Free(optimizer);
        }
    }

    private static void Save(TrainingSession session, string outputPath)
    {
        File.Delete(outputPath);
        TrainingNativeMethods.ModelSaveToFile(session.Model, outputPath);
        if (!File.Exists(outputPath))
        {
            throw new TrainingException($"llama.cpp did not write the trained model to '{outputPath}' - check the folder is writable and the disk has room");
        }
    }

    /// <summary>This process's peak resident memory (the worker's: model, optimizer state and graphs).</summary>
    private static long PeakRss()
    {
        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64;
    }

    /// <summary>A dataset tensor's memory: [window][token], contiguous int32 (the dataset owns it).</summary>
    private static Span<int> Tensor(nint tensor, int length) => new(TrainingNativeMethods.TensorData(tensor), length);

    /// <summary>Mean loss over the held-out windows (a split index of 0 evaluates every window and trains on none).</summary>
    private static double Validate(TrainingSession session, nint validationSet, nint result)
    {
        TrainingNativeMethods.OptEpoch(session.Context, validationSet, 0, result, 0, null, null);
        var loss = Loss(result);
        TrainingNativeMethods.ResultReset(result);
        return loss;
    }

    /// <summary>Why training diverged (a non-finite loss, or a validation loss that exploded past the base model's), or null.</summary>
    private static string? Diverged(EpochReport report, double baseLoss, LlamaTrainingOptions options)
    {
        var settings = string.Create(CultureInfo.InvariantCulture,
            $"learning_rate {options.LearningRate:0.###e+0}, context {options.Context}, epochs {options.Epochs}, seed {options.Seed}");
        if (!double.IsFinite(report.TrainLoss) || !double.IsFinite(report.ValidationLoss))
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"training diverged at epoch {report.Epoch}: the loss is no longer a number (train {report.TrainLoss}, validation {report.ValidationLoss}) with {settings} - lower 'learning_rate' (e.g. to a tenth)");
        }
        return report.ValidationLoss > ExplodedFactor * baseLoss
            ? string.Create(CultureInfo.InvariantCulture,
                $"training diverged at epoch {report.Epoch}: the validation loss exploded to {report.ValidationLoss:0.###}, above {ExplodedFactor} x the base model's {baseLoss:0.###} (train loss {report.TrainLoss:0.###}) with {settings} - lower 'learning_rate' (e.g. to a tenth)")
            : null;
    }

    private static double Loss(nint result)
    {
        double loss;
        TrainingNativeMethods.ResultLoss(result, &loss, null);
        return loss;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnTrainBatch(byte train, nint optimizer, nint dataset, nint result, long batch, long batches, long startedMicroseconds)
    {
        // A callback must never throw into native code.
        try
        {
            _reporter?.Report(batch, batches);
        }
        catch (Exception)
        {
            // Progress is best effort; training goes on.
        }
    }

    /// <summary>Forwards step progress at most once a second (and at the end of the epoch).</summary>
    private sealed class BatchReporter(IProgress<TrainingProgress> progress, int epoch, int epochs)
    {
        private long _last = Stopwatch.GetTimestamp();

        public void Report(long batch, long batches)
        {
            if (batch < batches && Stopwatch.GetElapsedTime(_last) < TimeSpan.FromSeconds(1))
            {
                return;
            }
            _last = Stopwatch.GetTimestamp();
            progress.Report(new TrainingProgress(epoch, epochs, batch, batches));
        }
    }
}
