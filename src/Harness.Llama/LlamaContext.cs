using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Harness.Llama.Native;
using LLama.Native;

namespace Harness.Llama;

/// <summary>
/// A llama.cpp context (LLamaSharp's <see cref="SafeLLamaContextHandle"/>): KV cache for <see cref="LlamaContextOptions.Sequences"/> sequences and one
/// reusable token batch. Not thread-safe (llama.cpp contexts are not): <see cref="Generation.LlamaGenerator"/>
/// and <see cref="Embeddings.LlamaEmbedder"/> serialise access; direct users must do the same.
/// </summary>
public sealed unsafe class LlamaContext : IDisposable
{
    private readonly SafeLLamaContextHandle _handle;
    private readonly nint _context;
    // The batch arrays live on the pinned object heap: their addresses never move, the GC frees
    // them, and no llama_batch_free can be forgotten. LLamaSharp's LLamaBatch pins its arrays again
    // on every decode; this batch is built once, so a token costs one native call.
    private readonly int[] _tokens;
    private readonly int[] _positions;
    private readonly int[] _sequenceIdCounts;
    private readonly int[] _sequenceIds;
    private readonly nint[] _sequenceIdPointers;
    private readonly byte[] _logits;
    private LLamaNativeBatch _batch;
    private LoraSetting[] _appliedAdapters = [];

    internal LlamaContext(LlamaModel model, LlamaContextOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Sequences, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(options.ContextSize);
        Model = model;
        Options = options;
        var perSequence = options.ContextSize > 0 ? options.ContextSize : model.Info.ContextLength;
        var parameters = LLamaContextParams.Default();
        parameters.n_ctx = (uint)(perSequence * options.Sequences);
        parameters.n_seq_max = (uint)options.Sequences;
        parameters.n_batch = (uint)options.BatchSize;
        parameters.n_ubatch = (uint)options.BatchSize;
        parameters.n_threads = options.EffectiveThreads;
        parameters.n_threads_batch = options.EffectiveBatchThreads;
        // Timings come from the native counters too (the bench shows them next to the harness's own).
        parameters.no_perf = false;
        // One KV stream per sequence: cases share no prefix, and finished ones are dropped with seq_rm.
        parameters.kv_unified = false;
        if (options.Embeddings)
        {
            parameters.embeddings = true;
            parameters.llama_pooling_type = LLamaPoolingType.Mean;
        }
        try
        {
            _handle = SafeLLamaContextHandle.Create(model.Handle, parameters);
        }
        catch (LLama.Exceptions.RuntimeError e)
        {
            throw new LlamaException(
                $"llama.cpp could not create a context of {parameters.n_ctx} tokens ({options.Sequences} sequences) for {Path.GetFileName(model.Info.Path)} - lower the context size or the sequence count", e);
        }
        // The context keeps its own reference from here on; the raw pointer below stays valid until Dispose.
        var added = false;
        _handle.DangerousAddRef(ref added);
        _context = _handle.DangerousGetHandle();
        ContextSizePerSequence = (int)(_handle.ContextSize / (uint)options.Sequences);
        BatchCapacity = (int)_handle.BatchSize;

        _tokens = GC.AllocateArray<int>(BatchCapacity, pinned: true);
        _positions = GC.AllocateArray<int>(BatchCapacity, pinned: true);
        _sequenceIdCounts = GC.AllocateArray<int>(BatchCapacity, pinned: true);
        _sequenceIds = GC.AllocateArray<int>(BatchCapacity, pinned: true);
        _sequenceIdPointers = GC.AllocateArray<nint>(BatchCapacity, pinned: true);
        _logits = GC.AllocateArray<byte>(BatchCapacity, pinned: true);
        for (var i = 0; i < BatchCapacity; i++)
        {
            _sequenceIdCounts[i] = 1;
            _sequenceIdPointers[i] = (nint)Unsafe.AsPointer(ref _sequenceIds[i]);
        }
        _batch = new LLamaNativeBatch
        {
            tokens = (LLamaToken*)Unsafe.AsPointer(ref _tokens[0]),
            pos = (LLamaPos*)Unsafe.AsPointer(ref _positions[0]),
            n_seq_id = (int*)Unsafe.AsPointer(ref _sequenceIdCounts[0]),
            seq_id = (LLamaSeqId**)Unsafe.AsPointer(ref _sequenceIdPointers[0]),
            logits = (byte*)Unsafe.AsPointer(ref _logits[0]),
        };
    }

    public LlamaModel Model { get; }

    public LlamaContextOptions Options { get; }

    /// <summary>KV cache tokens each sequence has.</summary>
    public int ContextSizePerSequence { get; }

    /// <summary>Most tokens one decode takes.</summary>
    public int BatchCapacity { get; }

    /// <summary>Tokens added to the pending batch.</summary>
    public int PendingTokens => _batch.n_tokens;

    internal SafeLLamaContextHandle Handle => _handle;

    /// <summary>Empties the pending batch.</summary>
    public void ClearBatch() => _batch.n_tokens = 0;

    /// <summary>Adds one token of one sequence to the pending batch; returns its index (for logits and sampling).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int AddToBatch(int token, int position, int sequence, bool outputLogits)
    {
        var i = _batch.n_tokens;
        if (i >= BatchCapacity)
        {
            throw new InvalidOperationException($"the batch holds at most {BatchCapacity} tokens");
        }
        _tokens[i] = token;
        _positions[i] = position;
        _sequenceIds[i] = sequence;
        _logits[i] = outputLogits ? (byte)1 : (byte)0;
        _batch.n_tokens = i + 1;
        return i;
    }

    /// <summary>Runs the pending batch through the model; throws <see cref="DecodeException"/> on failure.</summary>
    public void Decode()
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        // On the process's one compute thread (inline for the generation loop, which already runs there).
        var result = ComputeThread.Invoke(this, static context => NativeMethods.Decode(context._context, context._batch));
        if (result != 0)
        {
            throw new DecodeException(result);
        }
    }

    /// <summary>Logits (one per vocabulary entry) of the batch token at <paramref name="batchIndex"/> from the last decode.</summary>
    public ReadOnlySpan<float> GetLogits(int batchIndex)
    {
        var logits = NativeMethods.GetLogitsIth(_context, batchIndex);
        return logits is null
            ? throw new InvalidOperationException($"batch token {batchIndex} produced no logits (it was added without outputLogits)")
            : new ReadOnlySpan<float>(logits, Model.Info.VocabularySize);
    }

    /// <summary>Pooled embedding of a sequence after a decode (embedding contexts only).</summary>
    public ReadOnlySpan<float> GetSequenceEmbedding(int sequence)
    {
        var embedding = _handle.GetEmbeddingsSeq((LLamaSeqId)sequence);
        // LLamaSharp wraps llama.cpp's pointer without looking at it: null means no pooled embedding.
        return Unsafe.IsNullRef(ref MemoryMarshal.GetReference(embedding))
            ? throw new InvalidOperationException($"sequence {sequence} has no pooled embedding (create the context with Embeddings = true)")
            : embedding;
    }

    /// <summary>Forgets every sequence's KV cache (the cells are released, not zeroed: nothing reads a free cell).</summary>
    public void ClearMemory() => _handle.MemoryClear(false);

    /// <summary>Forgets one sequence's KV cache (a finished sequence frees its cells for the others).</summary>
    public void RemoveSequence(int sequence) => _handle.MemorySequenceRemove((LLamaSeqId)sequence, -1, -1);

    /// <summary>
    /// Sets the LoRA adapters used by the next decodes (empty: none). The context holds a reference on
    /// each until they are replaced or it is disposed, so disposing an adapter early is safe.
    /// </summary>
    public void SetAdapters(IReadOnlyList<LoraSetting> adapters)
    {
        ArgumentNullException.ThrowIfNull(adapters);
        if (adapters.Count == 0 && _appliedAdapters.Length == 0)
        {
            return;
        }
        var taken = new LoraSetting[adapters.Count];
        var pointers = new nint[adapters.Count];
        var scales = new float[adapters.Count];
        try
        {
            for (var i = 0; i < adapters.Count; i++)
            {
                var added = false;
                adapters[i].Adapter.Handle.DangerousAddRef(ref added);
                taken[i] = adapters[i];
                pointers[i] = adapters[i].Adapter.Handle.DangerousGetHandle();
                scales[i] = adapters[i].Scale;
            }
            fixed (nint* p = pointers)
            fixed (float* s = scales)
            {
                NativeMethods.SetAdaptersLora(_context, adapters.Count == 0 ? null : p, (nuint)adapters.Count, adapters.Count == 0 ? null : s);
            }
        }
        catch
        {
            ReleaseAll(taken);
            throw;
        }
        ReleaseAll(_appliedAdapters);
        _appliedAdapters = taken;
    }

    /// <summary>llama.cpp's own timing counters since the last <see cref="ResetCounters"/>.</summary>
    public NativeCounters GetCounters()
    {
        var timings = _handle.GetTimings();
        return new NativeCounters(timings.PromptEval, timings.PrompTokensEvaluated, timings.Eval, timings.TokensEvaluated);
    }

    public void ResetCounters() => _handle.ResetTimings();

    public void Dispose()
    {
        if (!_handle.IsClosed)
        {
            _handle.DangerousRelease();
            _handle.Dispose();
            // The native context is gone (or goes with the last reference), so the adapters may go too.
            ReleaseAll(_appliedAdapters);
            _appliedAdapters = [];
        }
    }

    private static void ReleaseAll(LoraSetting?[] adapters)
    {
        foreach (var setting in adapters)
        {
            setting?.Adapter.Handle.DangerousRelease();
        }
    }
}

/// <summary>llama.cpp's counters: prompt evaluation (batches of more than one token) and single-token evaluation.</summary>
public sealed record NativeCounters(TimeSpan PromptEvaluation, int PromptTokens, TimeSpan Evaluation, int EvaluatedTokens);
