using System.Runtime.CompilerServices;
using Harness.Llama.Native;

namespace Harness.Llama;

/// <summary>
/// A llama.cpp context: KV cache for <see cref="LlamaContextOptions.Sequences"/> sequences and one
/// reusable token batch. Not thread-safe (llama.cpp contexts are not): <see cref="Generation.LlamaGenerator"/>
/// and <see cref="Embeddings.LlamaEmbedder"/> serialise access; direct users must do the same.
/// </summary>
public sealed unsafe class LlamaContext : IDisposable
{
    private readonly SafeLlamaContextHandle _handle;
    private readonly nint _context;
    private readonly nint _memory;
    // The batch arrays live on the pinned object heap: their addresses never move, the GC frees
    // them, and no llama_batch_free can be forgotten.
    private readonly int[] _tokens;
    private readonly int[] _positions;
    private readonly int[] _sequenceIdCounts;
    private readonly int[] _sequenceIds;
    private readonly nint[] _sequenceIdPointers;
    private readonly sbyte[] _logits;
    private LlamaBatch _batch;
    private LoraSetting[] _appliedAdapters = [];

    internal LlamaContext(LlamaModel model, LlamaContextOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Sequences, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(options.ContextSize);
        Model = model;
        Options = options;
        var perSequence = options.ContextSize > 0 ? options.ContextSize : model.Info.ContextLength;
        var parameters = NativeMethods.ContextDefaultParams();
        parameters.ContextSize = (uint)(perSequence * options.Sequences);
        parameters.MaxSequences = (uint)options.Sequences;
        parameters.BatchSize = (uint)options.BatchSize;
        parameters.MicroBatchSize = (uint)options.BatchSize;
        parameters.Threads = options.EffectiveThreads;
        parameters.BatchThreads = options.EffectiveBatchThreads;
        // Timings come from the native counters too (the bench shows them next to the harness's own).
        parameters.NoPerf = 0;
        // One KV stream per sequence: cases share no prefix, and finished ones are dropped with seq_rm.
        parameters.KvUnified = 0;
        if (options.Embeddings)
        {
            parameters.Embeddings = 1;
            parameters.PoolingType = (int)LlamaPoolingType.Mean;
        }
        _handle = SafeLlamaContextHandle.Create(model.Handle, parameters);
        if (_handle.IsInvalid)
        {
            throw new LlamaException(
                $"llama.cpp could not create a context of {parameters.ContextSize} tokens ({options.Sequences} sequences) for {Path.GetFileName(model.Info.Path)} - lower the context size or the sequence count");
        }
        // The context keeps its own reference from here on; raw pointers below stay valid until Dispose.
        var added = false;
        _handle.DangerousAddRef(ref added);
        _context = _handle.DangerousGetHandle();
        _memory = NativeMethods.GetMemory(_context);
        ContextSizePerSequence = (int)NativeMethods.ContextSizePerSequence(_context);
        BatchCapacity = (int)NativeMethods.BatchSize(_context);

        _tokens = GC.AllocateArray<int>(BatchCapacity, pinned: true);
        _positions = GC.AllocateArray<int>(BatchCapacity, pinned: true);
        _sequenceIdCounts = GC.AllocateArray<int>(BatchCapacity, pinned: true);
        _sequenceIds = GC.AllocateArray<int>(BatchCapacity, pinned: true);
        _sequenceIdPointers = GC.AllocateArray<nint>(BatchCapacity, pinned: true);
        _logits = GC.AllocateArray<sbyte>(BatchCapacity, pinned: true);
        for (var i = 0; i < BatchCapacity; i++)
        {
            _sequenceIdCounts[i] = 1;
            _sequenceIdPointers[i] = (nint)Unsafe.AsPointer(ref _sequenceIds[i]);
        }
        _batch = new LlamaBatch
        {
            Token = (int*)Unsafe.AsPointer(ref _tokens[0]),
            Position = (int*)Unsafe.AsPointer(ref _positions[0]),
            SequenceIdCount = (int*)Unsafe.AsPointer(ref _sequenceIdCounts[0]),
            SequenceId = (int**)Unsafe.AsPointer(ref _sequenceIdPointers[0]),
            Logits = (sbyte*)Unsafe.AsPointer(ref _logits[0]),
        };
    }

    public LlamaModel Model { get; }

    public LlamaContextOptions Options { get; }

    /// <summary>KV cache tokens each sequence has.</summary>
    public int ContextSizePerSequence { get; }

    /// <summary>Most tokens one decode takes.</summary>
    public int BatchCapacity { get; }

    /// <summary>Tokens added to the pending batch.</summary>
    public int PendingTokens => _batch.TokenCount;

    internal nint Pointer => _context;

    /// <summary>Empties the pending batch.</summary>
    public void ClearBatch() => _batch.TokenCount = 0;

    /// <summary>Adds one token of one sequence to the pending batch; returns its index (for logits and sampling).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int AddToBatch(int token, int position, int sequence, bool outputLogits)
    {
        var i = _batch.TokenCount;
        if (i >= BatchCapacity)
        {
            throw new InvalidOperationException($"the batch holds at most {BatchCapacity} tokens");
        }
        _tokens[i] = token;
        _positions[i] = position;
        _sequenceIds[i] = sequence;
        _logits[i] = outputLogits ? (sbyte)1 : (sbyte)0;
        _batch.TokenCount = i + 1;
        return i;
    }

    /// <summary>Runs the pending batch through the model; throws <see cref="DecodeException"/> on failure.</summary>
    public void Decode()
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        var result = NativeMethods.Decode(_context, _batch);
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
        var embedding = NativeMethods.GetEmbeddingsSequence(_context, sequence);
        return embedding is null
            ? throw new InvalidOperationException($"sequence {sequence} has no pooled embedding (create the context with Embeddings = true)")
            : new ReadOnlySpan<float>(embedding, Model.Info.EmbeddingSize);
    }

    /// <summary>Forgets every sequence's KV cache (the cells are released, not zeroed: nothing reads a free cell).</summary>
    public void ClearMemory() => NativeMethods.MemoryClear(_memory, false);

    /// <summary>Forgets one sequence's KV cache (a finished sequence frees its cells for the others).</summary>
    public void RemoveSequence(int sequence) => NativeMethods.MemorySequenceRemove(_memory, sequence, -1, -1);

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
        var data = NativeMethods.PerfContext(_context);
        return new NativeCounters(
            TimeSpan.FromMilliseconds(data.PromptEvalMs), data.PromptEvalCount,
            TimeSpan.FromMilliseconds(data.EvalMs), data.EvalCount);
    }

    public void ResetCounters() => NativeMethods.PerfContextReset(_context);

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
