using Harness.Llama.Native;
using LLama.Native;

namespace Harness.Llama.Training;

/// <summary>
/// The seam between training and the binding: a context made for training on a model loaded with writable
/// weights, handed to the training API as the two raw pointers it takes. It holds references on both
/// handles for its lifetime, so the pointers stay valid whatever is disposed first.
/// </summary>
internal sealed unsafe class TrainingSession : IDisposable
{
    private readonly SafeLlamaModelHandle _model;
    private readonly SafeLLamaContextHandle _context;
    private bool _disposed;

    private TrainingSession(SafeLlamaModelHandle model, SafeLLamaContextHandle context)
    {
        _model = model;
        _context = context;
        var added = false;
        _model.DangerousAddRef(ref added);
        added = false;
        _context.DangerousAddRef(ref added);
        Model = _model.DangerousGetHandle();
        Context = _context.DangerousGetHandle();
        ContextSize = (int)_context.ContextSize;
        Batch = (int)_context.BatchSize;
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
        var parameters = LLamaContextParams.Default();
        parameters.n_ctx = (uint)context;
        parameters.n_batch = (uint)batch;
        parameters.n_ubatch = (uint)batch;
        parameters.n_threads = threads;
        parameters.n_threads_batch = threads;
        // The backward pass has no F16 OUT_PROD: the KV cache must be F32 (llama-finetune forces the same).
        parameters.type_k = GGMLType.GGML_TYPE_F32;
        parameters.type_v = GGMLType.GGML_TYPE_F32;
        // ggml has no backward pass for flash attention; "auto" turns it on, and building the backward graph
        // then fails an assertion in ggml (a view in place of an op): training computes attention unfused.
        parameters.llama_flash_attn_type = LLamaFlashAttentionType.LLAMA_FLASH_ATTENTION_TYPE_DISABLED;
        SafeLLamaContextHandle handle;
        try
        {
            handle = SafeLLamaContextHandle.Create(model.Handle, parameters);
        }
        catch (LLama.Exceptions.RuntimeError e)
        {
            throw new TrainingException($"llama.cpp could not create a training context of {context} tokens for {Path.GetFileName(model.Info.Path)} - lower 'context'", e);
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
        var token = _model.Vocab.BOS ?? (LLamaToken)0;
        var batch = new LLamaNativeBatch { n_tokens = 1, tokens = &token };
        var code = NativeMethods.Decode(Context, batch);
        if (code != 0)
        {
            throw new DecodeException(code);
        }
        _context.MemoryClear(true);
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
