using System.Diagnostics;
using System.Numerics.Tensors;
using Harness.Llama.Native;
using LLama.Native;

namespace Harness.Llama.Benchmarks;

/// <summary>
/// The plainest decode loop LLamaSharp's own API allows (<see cref="LLamaBatch"/>,
/// <see cref="SafeLLamaContextHandle.Decode(LLamaBatch)"/>, <see cref="SafeLLamaContextHandle.GetLogitsIth"/>,
/// greedy argmax), measured the way llama-bench measures: the harness's generation speed is compared
/// with it in the same process, so the cost of the harness's layer is visible apart from llama.cpp's.
/// </summary>
public sealed class LlamaSharpReferenceLoop : IDisposable
{
    private readonly LlamaModel _model;
    private readonly SafeLLamaContextHandle _context;
    private readonly LLamaBatch _batch = new();

    /// <summary>A one-sequence context of <paramref name="contextSize"/> tokens decoding on <paramref name="threads"/> threads.</summary>
    public LlamaSharpReferenceLoop(LlamaModel model, int contextSize, int threads)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
        var parameters = LLamaContextParams.Default();
        parameters.n_ctx = (uint)contextSize;
        parameters.n_batch = parameters.n_ubatch = (uint)Math.Max(512, contextSize);
        parameters.n_seq_max = 1;
        parameters.n_threads = parameters.n_threads_batch = threads;
        _context = SafeLLamaContextHandle.Create(model.Handle, parameters);
    }

    /// <summary>Tokens per second decoding <paramref name="prompt"/> in one batch (pp), from an empty context.</summary>
    public double PromptTokensPerSecond(IReadOnlyList<int> prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        // On the compute thread, as the harness's decodes: a loop on a thread of its own would give the process
        // a second OpenMP pool, which slows both (ComputeThread).
        return ComputeThread.Invoke((Loop: this, Prompt: prompt), static state => state.Loop.MeasurePrompt(state.Prompt));
    }

    /// <summary>Tokens per second generating <paramref name="tokens"/> tokens one at a time after BOS (tg), greedy.</summary>
    public double GenerationTokensPerSecond(int tokens) =>
        ComputeThread.Invoke((Loop: this, Tokens: tokens), static state => state.Loop.MeasureGeneration(state.Tokens));

    public void Dispose() => _context.Dispose();

    /// <summary>Milliseconds LLamaSharp's bare <see cref="SafeLlamaModelHandle.LoadFromFile"/> takes to load <paramref name="path"/> (CPU, default parameters).</summary>
    public static double LoadMilliseconds(string path)
    {
        var started = Stopwatch.GetTimestamp();
        using var handle = SafeLlamaModelHandle.LoadFromFile(path, LLamaModelParams.Default());
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private double MeasurePrompt(IReadOnlyList<int> prompt)
    {
        _context.MemoryClear(true);
        _batch.Clear();
        for (var i = 0; i < prompt.Count; i++)
        {
            _batch.Add(prompt[i], i, LLamaSeqId.Zero, i == prompt.Count - 1);
        }
        var started = Stopwatch.GetTimestamp();
        Decode();
        TensorPrimitives.IndexOfMax(_context.GetLogitsIth(prompt.Count - 1));
        return prompt.Count / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private double MeasureGeneration(int tokens)
    {
        _context.MemoryClear(true);
        var token = DecodeOne(_model.BosToken, 0);
        var started = Stopwatch.GetTimestamp();
        for (var position = 1; position <= tokens; position++)
        {
            token = DecodeOne(token, position);
        }
        return tokens / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private int DecodeOne(int token, int position)
    {
        _batch.Clear();
        _batch.Add(token, position, LLamaSeqId.Zero, true);
        Decode();
        return TensorPrimitives.IndexOfMax(_context.GetLogitsIth(0));
    }

    private void Decode()
    {
        if (_context.Decode(_batch) is not DecodeResult.Ok and var result)
        {
            throw new DecodeException((int)result);
        }
    }
}
