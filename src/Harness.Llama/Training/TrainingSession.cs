using System.Text;
using Harness.Llama.Native;

namespace Harness.Llama.Training;

/// <summary>
/// A model loaded with writable weights by the trainable llama.cpp build and a context made for training on
/// it, as the two raw pointers the training API takes. Runs only in the training worker (see
/// <see cref="TrainingWorker"/>), after <see cref="LlamaNativeLibrary.UseTrainingBuild"/>; disposing frees
/// the context, then the model.
/// </summary>
internal sealed unsafe class TrainingSession : IDisposable
{
    private bool _disposed;

    private TrainingSession(nint model, nint context)
    {
        Model = model;
        Context = context;
        ContextSize = (int)TrainingNativeMethods.ContextSize(context);
        Batch = (int)TrainingNativeMethods.BatchSize(context);
    }

    public nint Model { get; }

    public nint Context { get; }

    /// <summary>Tokens per window, as llama.cpp sized the context (it may round the request up).</summary>
    public int ContextSize { get; }

    /// <summary>Tokens per optimizer step.</summary>
    public int Batch { get; }

    /// <summary>Loads <paramref name="path"/> (its GGUF already checked by the parent) with writable weights; the caller frees it with <see cref="TrainingNativeMethods.ModelFree"/>.</summary>
    public static nint LoadModel(string path, int gpuLayers)
    {
        var parameters = TrainingNativeMethods.ModelDefaultParams();
        parameters.GpuLayers = gpuLayers;
        parameters.LoadMode = TrainingNativeMethods.LoadModeNone;
        var model = TrainingNativeMethods.ModelLoadFromFile(path, parameters);
        return model != 0 ? model : throw new TrainingException($"the trainable llama.cpp build could not load '{path}' - the architecture may be unsupported by it");
    }

    /// <summary>Each text's tokens, without BOS (the windows add it).</summary>
    public static int[] Tokenize(nint vocab, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var tokens = new int[bytes.Length + 2];
        fixed (byte* utf8 = bytes)
        fixed (int* output = tokens)
        {
            var count = TrainingNativeMethods.Tokenize(vocab, utf8, bytes.Length, output, tokens.Length, addSpecial: false, parseSpecial: false);
            if (count < 0)
            {
                throw new TrainingException($"llama.cpp could not tokenize a training text of {bytes.Length} bytes (code {count})");
            }
            return tokens[..count];
        }
    }

    /// <summary>A context of <paramref name="context"/> tokens (or llama.cpp's rounding of it) that trains <paramref name="batch"/> tokens a step (0: a window a step).</summary>
    public static TrainingSession Create(nint model, string modelName, int context, int batch, int threads)
    {
        var session = Open(model, modelName, context, batch > 0 ? batch : context, threads);
        if (session.ContextSize == context || batch > 0)
        {
            if (session.ContextSize % session.Batch != 0)
            {
                var size = session.ContextSize;
                session.Dispose();
                throw new TrainingException($"llama.cpp sized the training context to {size} tokens, which batches of {batch} do not divide - choose a batch that divides {size}");
            }
            return session;
        }
        // llama.cpp rounded the context up: a window a step means the batch grows with it.
        var rounded = session.ContextSize;
        session.Dispose();
        return Open(model, modelName, rounded, rounded, threads);
    }

    private static TrainingSession Open(nint model, string modelName, int context, int batch, int threads)
    {
        var parameters = TrainingNativeMethods.ContextDefaultParams();
        parameters.Context = (uint)context;
        parameters.Batch = (uint)batch;
        parameters.MicroBatch = (uint)batch;
        parameters.Threads = threads;
        parameters.ThreadsBatch = threads;
        // The backward pass has no F16 OUT_PROD: the KV cache must be F32 (llama-finetune forces the same).
        parameters.TypeK = TrainingNativeMethods.GgmlTypeF32;
        parameters.TypeV = TrainingNativeMethods.GgmlTypeF32;
        // ggml has no backward pass for flash attention; "auto" turns it on, and building the backward graph
        // then fails an assertion in ggml (a view in place of an op): training computes attention unfused.
        parameters.FlashAttentionType = TrainingNativeMethods.FlashAttentionDisabled;
        var handle = TrainingNativeMethods.InitFromModel(model, parameters);
        if (handle == 0)
        {
            throw new TrainingException($"llama.cpp could not create a training context of {context} tokens for {modelName} - lower 'context'");
        }
        var session = new TrainingSession(model, handle);
        session.Warm();
        return session;
    }

    /// <summary>
    /// The optimizer computes outside llama_decode, which is where llama.cpp hands the CPU backend its
    /// thread count and pool; one decoded token does that (llama-finetune's warm-up does the same).
    /// </summary>
    private void Warm()
    {
        var token = TrainingNativeMethods.VocabBos(TrainingNativeMethods.ModelGetVocab(Model));
        token = token >= 0 ? token : 0;
        var code = TrainingNativeMethods.Decode(Context, new TrainingBatch { TokenCount = 1, Tokens = &token });
        if (code != 0)
        {
            throw new DecodeException(code);
        }
        TrainingNativeMethods.MemoryClear(TrainingNativeMethods.GetMemory(Context), data: true);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        TrainingNativeMethods.Free(Context);
    }
}
