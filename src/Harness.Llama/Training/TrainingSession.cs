using Harness.Llama.Native;

namespace Harness.Llama.Training;

/// <summary>
/// The seam between training and the binding: a context made for training on a model loaded with writable
/// weights, handed to the training API as the two raw pointers it takes. It holds references on both
/// handles for its lifetime, so the pointers stay valid whatever is disposed first.
/// </summary>
internal sealed unsafe class TrainingSession : IDisposable
{
    private readonly SafeLlamaModelHandle _model;
    private readonly SafeLlamaContextHandle _context;
    private bool _disposed;

    private TrainingSession(SafeLlamaModelHandle model, SafeLlamaContextHandle context)
    {
        _model = model;
        _context = context;
        var added = false;
        _model.DangerousAddRef(ref added);
        added = false;
        _context.DangerousAddRef(ref added);
        Model = _model.DangerousGetHandle();
        Context = _context.DangerousGetHandle();
        ContextSize = (int)TrainingNativeMethods.ContextSize(Context);
        Batch = (int)NativeMethods.BatchSize(Context);
    }

    public nint Model { get; }

    public nint Context { get; }

    /// <summary>Tokens per window, as llama.cpp sized the context (it may round the request up).</summary>
    public int ContextSize { get; }

    /// <summary>Tokens per optimizer step.</summary>
    public int Batch { get; }

    /// <summary>A context of <paramref name="context"/> tokens (or llama.cpp's rounding of it) that trains <paramref name="batch"/> tokens a step (0: a window a step).</summary>
    public static TrainingSession Create(LlamaModel model, int context, int batch, int threads)
    {
        var session = Open(model, context, batch > 0 ? batch : context, threads);
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
        return Open(model, rounded, rounded, threads);
    }

    private static TrainingSession Open(LlamaModel model, int context, int batch, int threads)
    {
        var parameters = NativeMethods.ContextDefaultParams();
        parameters.ContextSize = (uint)context;
        parameters.BatchSize = (uint)batch;
        parameters.MicroBatchSize = (uint)batch;
        parameters.Threads = threads;
        parameters.BatchThreads = threads;
        // The backward pass has no F16 OUT_PROD: the KV cache must be F32 (llama-finetune forces the same).
        parameters.TypeK = TrainingNativeMethods.GgmlTypeF32;
        parameters.TypeV = TrainingNativeMethods.GgmlTypeF32;
        var handle = SafeLlamaContextHandle.Create(model.Handle, parameters);
        if (handle.IsInvalid)
        {
            handle.Dispose();
            throw new TrainingException($"llama.cpp could not create a training context of {context} tokens for {Path.GetFileName(model.Info.Path)} - lower 'context'");
        }
        var session = new TrainingSession(model.Handle, handle);
        handle.Dispose(); // the session holds its own reference
        session.Warm();
        return session;
    }

    /// <summary>
    /// The optimizer computes outside llama_decode, which is where llama.cpp hands the CPU backend its
    /// thread count and pool; one decoded token does that (llama-finetune's warm-up does the same).
    /// </summary>
    private void Warm()
    {
        var token = NativeMethods.VocabBos(NativeMethods.ModelGetVocab(_model));
        var batch = new LlamaBatch { TokenCount = 1, Token = &token };
        var code = NativeMethods.Decode(Context, batch);
        if (code != 0)
        {
            throw new DecodeException(code);
        }
        NativeMethods.MemoryClear(NativeMethods.GetMemory(Context), true);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _context.DangerousRelease();
        _model.DangerousRelease();
    }
}
