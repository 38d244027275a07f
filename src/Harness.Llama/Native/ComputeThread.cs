using System.Collections.Concurrent;

namespace Harness.Llama.Native;

/// <summary>
/// The one thread every llama.cpp decode of the process runs on (docs/architecture.md, "One compute thread").
/// <para>
/// Why: llama.cpp's CPU natives parallelise with OpenMP, and libgomp keeps a pool of worker threads for every
/// thread that starts a parallel region. Once the process holds more such threads than it has CPUs, libgomp
/// stops spinning between kernels after about 100 iterations and puts its workers to sleep in the kernel
/// (its "throttled" spin count), so every kernel of a decode waits for a wake-up. Decodes started from
/// thread-pool threads, or from a judge's thread beside the generator's, cross that line at once on a 2-core
/// machine: 2-thread generation of a 114M model ran at 0.6-0.7× llama-bench, whose decodes all start from
/// one thread. Here, as there, one thread owns the one OpenMP pool.
/// </para>
/// Work already on the thread runs inline, so a generation loop hops once, not once per token.
/// </summary>
internal static class ComputeThread
{
    private static readonly BlockingCollection<Action> _queue = [];
    private static readonly Thread _thread = StartThread();

    /// <summary>Whether the caller is the compute thread.</summary>
    public static bool IsCurrent => Thread.CurrentThread == _thread;

    /// <summary>Runs <paramref name="work"/> on the compute thread and waits for it (inline when already there).</summary>
    public static T Invoke<TState, T>(TState state, Func<TState, T> work)
    {
        if (IsCurrent)
        {
            return work(state);
        }
        return RunAsync(state, work).GetAwaiter().GetResult();
    }

    /// <summary>Queues <paramref name="work"/> for the compute thread (inline when already there).</summary>
    public static Task<T> RunAsync<TState, T>(TState state, Func<TState, T> work)
    {
        if (IsCurrent)
        {
            return Task.FromResult(work(state));
        }
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _queue.Add(() =>
        {
            try
            {
                done.SetResult(work(state));
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        });
        return done.Task;
    }

    /// <summary>Queues <paramref name="work"/>, which returns nothing, for the compute thread.</summary>
    public static Task RunAsync<TState>(TState state, Action<TState> work) =>
        RunAsync((state, work), static pair =>
        {
            pair.work(pair.state);
            return true;
        });

    private static Thread StartThread()
    {
        // Background: a process that is done does not wait for a thread that is only waiting for work.
        var thread = new Thread(() =>
        {
            foreach (var work in _queue.GetConsumingEnumerable())
            {
                work();
            }
        })
        { IsBackground = true, Name = "llama.cpp compute" };
        thread.Start();
        return thread;
    }
}
