using System.Buffers;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using Harness.Llama.Native;

namespace Harness.Llama.Generation;

/// <summary>
/// Generates text with one model and one context, safely from any number of concurrent callers.
/// Requests waiting together are decoded as parallel sequences of the context (one llama_batch per
/// step holding the next token of every active sequence, a sampler chain per sequence, finished
/// sequences dropped from the KV cache), up to <see cref="LlamaGeneratorOptions.MaxParallelSequences"/>
/// at a time and only with others that use the same LoRA adapters. Greedy output does not depend on
/// which requests share a batch.
/// </summary>
public sealed class LlamaGenerator : IDisposable
{
    private readonly LlamaContext _context;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<PendingGeneration> _pending = [];
    private int _holds;
    private TaskCompletionSource _released = Released();

    public LlamaGenerator(LlamaModel model, LlamaGeneratorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        Options = options ?? new LlamaGeneratorOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.MaxParallelSequences, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.BatchSize, Options.MaxParallelSequences);
        Model = model;
        _context = model.CreateContext(new LlamaContextOptions
        {
            ContextSize = Options.ContextSize,
            BatchSize = Options.BatchSize,
            Sequences = Options.MaxParallelSequences,
            Threads = Options.Threads,
            BatchThreads = Options.BatchThreads,
        });
    }

    public LlamaModel Model { get; }

    public LlamaGeneratorOptions Options { get; }

    /// <summary>Tokens each sequence may hold (prompt plus output).</summary>
    public int ContextSizePerSequence => _context.ContextSizePerSequence;

    public GenerationResult Generate(GenerationRequest request, CancellationToken cancellationToken = default) =>
        GenerateAsync(request, cancellationToken).GetAwaiter().GetResult();

    public async Task<GenerationResult> GenerateAsync(GenerationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var results = await RunAsync([new PendingGeneration(request, null, cancellationToken)], cancellationToken).ConfigureAwait(false);
        return results[0];
    }

    /// <summary>Generates for all requests, as parallel sequences where they share adapters; results come back in request order.</summary>
    public Task<IReadOnlyList<GenerationResult>> GenerateBatchAsync(IReadOnlyList<GenerationRequest> requests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        return RunAsync([.. requests.Select(r => new PendingGeneration(r, null, cancellationToken))], cancellationToken);
    }

    public IReadOnlyList<GenerationResult> GenerateBatch(IReadOnlyList<GenerationRequest> requests, CancellationToken cancellationToken = default) =>
        GenerateBatchAsync(requests, cancellationToken).GetAwaiter().GetResult();

    /// <summary>
    /// Generates and reports text as it is produced: <paramref name="onText"/> is called from the
    /// decoding thread with each new piece (held back while it could still be part of a stop string). That is the
    /// process's one compute thread, which every model's decodes wait for: hand the piece on, do not block.
    /// </summary>
    public async Task<GenerationResult> GenerateAsync(GenerationRequest request, Action<string> onText, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(onText);
        var results = await RunAsync([new PendingGeneration(request, onText, cancellationToken)], cancellationToken).ConfigureAwait(false);
        return results[0];
    }

    /// <summary>
    /// Keeps queued requests from being decoded until the returned handle is disposed, so that requests made
    /// one by one (through <see cref="AI.LlamaChatClient"/>) are decoded together, as <see cref="GenerateBatchAsync"/> would.
    /// </summary>
    public IDisposable HoldDecoding()
    {
        lock (_pending)
        {
            if (_holds++ == 0)
            {
                _released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
        return new Hold(this);
    }

    /// <summary>llama.cpp's timing counters for this generator's context.</summary>
    public NativeCounters GetCounters() => _context.GetCounters();

    public void ResetCounters()
    {
        _gate.Wait();
        try
        {
            _context.ResetCounters();
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _gate.Wait();
        try
        {
            _context.Dispose();
        }
        finally
        {
            _gate.Release();
        }
        _gate.Dispose();
    }

    private async Task<IReadOnlyList<GenerationResult>> RunAsync(PendingGeneration[] mine, CancellationToken cancellationToken)
    {
        Task released;
        lock (_pending)
        {
            _pending.AddRange(mine);
            released = _released.Task;
        }
        try
        {
            await released.WaitAsync(cancellationToken).ConfigureAwait(false);
            // Whoever holds the gate decodes a group of waiting requests (possibly other callers'):
            // concurrent callers are batched together instead of queueing one by one.
            while (!mine.All(p => p.Task.IsCompleted))
            {
                await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    var group = TakeGroup();
                    if (group.Count > 0)
                    {
                        await ComputeThread.RunAsync(new ParallelDecode(this, group), static decode => decode.Run()).ConfigureAwait(false);
                    }
                }
                finally
                {
                    _gate.Release();
                }
            }
        }
        catch (OperationCanceledException)
        {
            lock (_pending)
            {
                _pending.RemoveAll(mine.Contains);
            }
            foreach (var pending in mine)
            {
                pending.TrySetCanceled();
            }
        }
        return await Task.WhenAll(mine.Select(p => p.Task)).ConfigureAwait(false);
    }

    /// <summary>The oldest waiting request and those after it that use the same adapters, up to the sequence limit.</summary>
    private List<PendingGeneration> TakeGroup()
    {
        lock (_pending)
        {
            _pending.RemoveAll(p => p.CancelIfRequested());
            var group = new List<PendingGeneration>();
            if (_pending.Count == 0)
            {
                return group;
            }
            var adapters = _pending[0].Request.Adapters;
            foreach (var pending in _pending)
            {
                if (group.Count == Options.MaxParallelSequences)
                {
                    break;
                }
                if (pending.Request.Adapters.SequenceEqual(adapters))
                {
                    group.Add(pending);
                }
            }
            _pending.RemoveAll(group.Contains);
            return group;
        }
    }

    private static TaskCompletionSource Released()
    {
        var released = new TaskCompletionSource();
        released.SetResult();
        return released;
    }

    private sealed class Hold(LlamaGenerator generator) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 1)
            {
                return;
            }
            TaskCompletionSource? release = null;
            lock (generator._pending)
            {
                if (--generator._holds == 0)
                {
                    release = generator._released;
                }
            }
            release?.TrySetResult();
        }
    }

    private sealed class PendingGeneration(GenerationRequest request, Action<string>? onText, CancellationToken cancellationToken)
    {
        private readonly TaskCompletionSource<GenerationResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public GenerationRequest Request { get; } = request;

        public Action<string>? OnText { get; } = onText;

        public CancellationToken CancellationToken { get; } = cancellationToken;

        public Task<GenerationResult> Task => _completion.Task;

        public void Complete(GenerationResult result) => _completion.TrySetResult(result);

        public void Fail(Exception exception) => _completion.TrySetException(exception);

        public void TrySetCanceled() => _completion.TrySetCanceled(CancellationToken);

        public bool CancelIfRequested()
        {
            if (!CancellationToken.IsCancellationRequested)
            {
                return false;
            }
            _completion.TrySetCanceled(CancellationToken);
            return true;
        }
    }

    /// <summary>One group of requests decoded together; runs on a pool thread while the gate is held.</summary>
    private sealed class ParallelDecode(LlamaGenerator generator, List<PendingGeneration> group)
    {
        private readonly LlamaContext _context = generator._context;
        private readonly LlamaModel _model = generator.Model;
        private long _start;
        private TimeSpan _promptEvaluation;

        public void Run()
        {
            var sequences = new List<Sequence>(group.Count);
            try
            {
                _start = Stopwatch.GetTimestamp();
                for (var i = 0; i < group.Count; i++)
                {
                    if (Prepare(group[i], i) is { } sequence)
                    {
                        sequences.Add(sequence);
                    }
                }
                if (sequences.Count == 0)
                {
                    return;
                }
                _context.SetAdapters(group[0].Request.Adapters);
                _context.ClearMemory();
                EvaluatePrompts(sequences);
                Generate(sequences);
            }
            catch (Exception e)
            {
                foreach (var sequence in sequences)
                {
                    sequence.Pending.Fail(e);
                }
                _context.ClearMemory();
            }
            finally
            {
                // Adapters apply per call: the next group starts from the base model.
                _context.SetAdapters([]);
                foreach (var sequence in sequences)
                {
                    sequence.Dispose();
                }
            }
        }

        private Sequence? Prepare(PendingGeneration pending, int id)
        {
            try
            {
                var request = pending.Request;
                ArgumentOutOfRangeException.ThrowIfLessThan(request.MaxTokens, 1, nameof(request.MaxTokens));
                var prompt = request.PromptTokens?.ToArray() ?? _model.Tokenize(PromptText(request));
                if (prompt.Length == 0)
                {
                    throw new ArgumentException("the prompt is empty (and the model adds no BOS token)", nameof(pending));
                }
                if (prompt.Length >= _context.ContextSizePerSequence)
                {
                    throw new PromptTooLongException(prompt.Length, _context.ContextSizePerSequence);
                }
                return new Sequence(pending, id, prompt, new SamplerChain(_model, request.Sampling));
            }
            catch (Exception e) when (e is LlamaException or ArgumentException)
            {
                pending.Fail(e);
                return null;
            }
        }

        private string PromptText(GenerationRequest request) =>
            request.Messages is { } messages
                ? _model.ApplyChatTemplate(messages, request.ChatTemplate)
                : request.Prompt ?? throw new ArgumentException("the request has no prompt, messages or prompt tokens", nameof(request));

        /// <summary>Decodes all prompts, packed into as few batches as fit; each sequence samples its first token from its last prompt token.</summary>
        private void EvaluatePrompts(List<Sequence> sequences)
        {
            _context.ClearBatch();
            var waiting = new List<Sequence>();
            foreach (var sequence in sequences)
            {
                var prompt = sequence.Prompt;
                for (var position = 0; position < prompt.Length; position++)
                {
                    if (_context.PendingTokens == _context.BatchCapacity)
                    {
                        DecodePromptBatch(waiting);
                    }
                    var last = position == prompt.Length - 1;
                    var index = _context.AddToBatch(prompt[position], position, sequence.Id, last);
                    if (last)
                    {
                        sequence.BatchIndex = index;
                        sequence.Position = prompt.Length;
                        waiting.Add(sequence);
                    }
                }
            }
            DecodePromptBatch(waiting);
        }

        private void DecodePromptBatch(List<Sequence> waiting)
        {
            if (_context.PendingTokens == 0)
            {
                return;
            }
            var started = Stopwatch.GetTimestamp();
            _context.Decode();
            _promptEvaluation += Stopwatch.GetElapsedTime(started);
            _context.ClearBatch();
            foreach (var sequence in waiting)
            {
                Accept(sequence, sequence.Sampler.Sample(_context, sequence.BatchIndex));
            }
            waiting.Clear();
        }

        // A generation is one call with a few hundred iterations: too few for tiered JIT to promote the
        // loop, so it is compiled optimised from the start.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Generate(List<Sequence> sequences)
        {
            var active = sequences.Where(s => !s.Finished).ToList();
            while (active.Count > 0)
            {
                _context.ClearBatch();
                foreach (var sequence in active)
                {
                    sequence.BatchIndex = _context.AddToBatch(sequence.LastToken, sequence.Position, sequence.Id, true);
                    sequence.Position++;
                    sequence.Decoded++;
                }
                _context.Decode();
                var finished = false;
                foreach (var sequence in active)
                {
                    if (sequence.Pending.CancelIfRequested())
                    {
                        // Its task is already cancelled; it just leaves the batch.
                        sequence.Finish(FinishReason.MaxTokens, Stopwatch.GetTimestamp());
                    }
                    else
                    {
                        Accept(sequence, sequence.Sampler.Sample(_context, sequence.BatchIndex));
                    }
                    finished |= sequence.Finished;
                }
                if (finished)
                {
                    foreach (var sequence in active.Where(s => s.Finished))
                    {
                        // Frees the sequence's KV cells so the others never run out.
                        _context.RemoveSequence(sequence.Id);
                    }
                    active.RemoveAll(s => s.Finished);
                }
            }
        }

        /// <summary>Takes a sampled token: appends its text, then decides whether the sequence goes on.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Accept(Sequence sequence, int token)
        {
            var now = Stopwatch.GetTimestamp();
            if (sequence.Generated == 0)
            {
                sequence.FirstToken = now;
            }
            var request = sequence.Pending.Request;
            if (request.StopAtEndOfGeneration && _model.IsEndOfGeneration(token))
            {
                sequence.Finish(FinishReason.EndOfGeneration, now);
                Complete(sequence);
                return;
            }
            sequence.Generated++;
            sequence.AppendPiece(_model, token);
            FinishReason? reason = sequence.FindStopString() ? FinishReason.StopString
                : sequence.Generated >= request.MaxTokens ? FinishReason.MaxTokens
                : sequence.Position >= _context.ContextSizePerSequence ? FinishReason.ContextFull
                : null;
            if (reason is { } finish)
            {
                sequence.Finish(finish, now);
                Complete(sequence);
                return;
            }
            sequence.LastToken = token;
            sequence.Stream(final: false);
        }

        private void Complete(Sequence sequence)
        {
            sequence.Stream(final: true);
            // Every prompt of the group is decoded before any generation step, so by the time a
            // sequence completes, _promptEvaluation covers its prompt (and those batched with it).
            var timings = new GenerationTimings(
                _promptEvaluation,
                Stopwatch.GetElapsedTime(_start, sequence.FirstToken),
                Stopwatch.GetElapsedTime(sequence.FirstToken, sequence.End),
                sequence.Decoded);
            sequence.Pending.Complete(new GenerationResult(sequence.Text(), sequence.Prompt.Length, sequence.Generated, sequence.Reason, timings));
        }
    }

    /// <summary>The state of one request while it decodes. Output is kept as UTF-8 bytes so a token never allocates.</summary>
    private sealed class Sequence : IDisposable
    {
        private readonly byte[][] _stops;
        private readonly int _longestStop;
        private readonly Decoder? _decoder;
        private byte[] _output = ArrayPool<byte>.Shared.Rent(1024);
        private int _length;
        private int _cut = -1;
        private int _streamed;
        private int _checked;

        public Sequence(PendingGeneration pending, int id, int[] prompt, SamplerChain sampler)
        {
            Pending = pending;
            Id = id;
            Prompt = prompt;
            Sampler = sampler;
            _stops = [.. pending.Request.StopStrings.Where(s => s.Length > 0).Select(Encoding.UTF8.GetBytes)];
            _longestStop = _stops.Length == 0 ? 0 : _stops.Max(s => s.Length);
            _decoder = pending.OnText is null ? null : Encoding.UTF8.GetDecoder();
        }

        public PendingGeneration Pending { get; }

        public int Id { get; }

        public int[] Prompt { get; }

        public SamplerChain Sampler { get; }

        public int BatchIndex { get; set; }

        public int Position { get; set; }

        public int LastToken { get; set; }

        public int Generated { get; set; }

        public int Decoded { get; set; }

        public long FirstToken { get; set; }

        public long End { get; private set; }

        public bool Finished { get; private set; }

        public FinishReason Reason { get; private set; }

        public void Finish(FinishReason reason, long now)
        {
            Finished = true;
            Reason = reason;
            End = now;
        }

        public void AppendPiece(LlamaModel model, int token)
        {
            while (true)
            {
                if (_output.Length - _length < 64)
                {
                    Grow(_output.Length * 2);
                }
                var written = model.TokenToPiece(token, _output.AsSpan(_length));
                if (written >= 0)
                {
                    _length += written;
                    return;
                }
                Grow(_length - written);
            }
        }

        /// <summary>Whether a stop string now occurs in the output; the earliest one found marks where the text ends.</summary>
        public bool FindStopString()
        {
            if (_stops.Length == 0)
            {
                return false;
            }
            // A new match must end in the bytes added since the last check.
            var windowStart = Math.Max(0, _checked - (_longestStop - 1));
            _checked = _length;
            var window = _output.AsSpan(windowStart, _length - windowStart);
            var best = -1;
            foreach (var stop in _stops)
            {
                var at = window.IndexOf(stop);
                if (at >= 0 && (best < 0 || at < best))
                {
                    best = at;
                }
            }
            if (best < 0)
            {
                return false;
            }
            _cut = windowStart + best;
            return true;
        }

        /// <summary>Sends the text that can no longer turn into a stop string to the streaming callback.</summary>
        public void Stream(bool final)
        {
            if (_decoder is null)
            {
                return;
            }
            var end = final ? TextLength : Math.Max(_streamed, _length - Math.Max(0, _longestStop - 1));
            if (end <= _streamed && !final)
            {
                return;
            }
            var bytes = _output.AsSpan(_streamed, end - _streamed);
            var chars = new char[_decoder.GetCharCount(bytes, final)];
            var count = _decoder.GetChars(bytes, chars, final);
            _streamed = end;
            if (count > 0)
            {
                Pending.OnText!(new string(chars, 0, count));
            }
        }

        public string Text() => Encoding.UTF8.GetString(_output, 0, TextLength);

        public void Dispose()
        {
            Sampler.Dispose();
            ArrayPool<byte>.Shared.Return(_output);
            _output = [];
        }

        private int TextLength => _cut >= 0 ? _cut : _length;

        private void Grow(int minimum)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(minimum, _output.Length * 2));
            _output.AsSpan(0, _length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_output);
            _output = larger;
        }
    }
}
