using Harness.Llama.Native;
using LLama.Native;

namespace Harness.Llama.Tests;

/// <summary>Every decode of the process runs on one thread, so llama.cpp's OpenMP keeps one pool of workers.</summary>
[TestFixture]
public class ComputeThreadTests
{
    [Test]
    public void WorkFromManyThreadsRunsOnOneThreadThatIsNoneOfTheCallers()
    {
        var callers = new int[8];
        var workers = new int[8];
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            callers[i] = Environment.CurrentManagedThreadId;
            workers[i] = ComputeThread.Invoke(0, static _ => Environment.CurrentManagedThreadId);
        });

        Assert.That(workers.Distinct().Count(), Is.EqualTo(1));
        Assert.That(callers, Has.None.EqualTo(workers[0]));
    }

    [Test]
    public void WorkQueuedFromTheComputeThreadItselfRunsInlineInsteadOfWaitingForItself()
    {
        // A wait for the thread's own queue would never end; the test host's timeout would be the only way out.
        var nested = ComputeThread.Invoke(0, static _ => ComputeThread.Invoke(0, static _ => ComputeThread.IsCurrent));

        Assert.That(nested, Is.True);
    }

    [Test]
    public void AFailureReachesTheCallerAndTheThreadServesTheNextWork()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ComputeThread.Invoke(0, static int (_) => throw new InvalidOperationException("decode failed")));

        Assert.That(error!.Message, Is.EqualTo("decode failed"));
        Assert.That(ComputeThread.Invoke(20, static x => x + 1), Is.EqualTo(21));
    }

    [Test]
    [Category(TestModels.Category)]
    [Platform("Linux", Reason = "the threads are counted by name in /proc/self/task")]
    public void DecodesStartedOnFourThreadsAddNoOpenMpWorkersBesideThem()
    {
        using var model = LlamaModel.Load(TestModels.RequireBase());
        // The control: a decode started on a thread of its own (bypassing the compute thread) with 2 threads makes
        // libgomp start 1 worker for it, and a new thread carries its creator's name: 2 threads named "direct-caller".
        Assert.That(WhileAlive(1, "direct-caller", model, direct: true), Is.EqualTo(2),
            "libgomp did not start a worker for a decode's caller - are llama.cpp's natives built without OpenMP?");

        // Four callers decoding through LlamaContext.Decode: the decodes run on the compute thread, whose one worker
        // carries its name, so only the 4 callers themselves are named "decode-caller" (8 if each had its own pool).
        Assert.That(WhileAlive(4, "decode-caller", model, direct: false), Is.EqualTo(4));
    }

    /// <summary>Starts <paramref name="count"/> threads that each decode one token with 2 threads; counts the threads named <paramref name="name"/> while they are alive.</summary>
    private static int WhileAlive(int count, string name, LlamaModel model, bool direct)
    {
        using var decoded = new CountdownEvent(count);
        using var counted = new ManualResetEventSlim();
        var threads = Enumerable.Range(0, count).Select(_ => new Thread(() =>
        {
            using var context = model.CreateContext(new LlamaContextOptions { ContextSize = 16, Threads = 2 });
            if (direct)
            {
                // LLamaSharp's own decode, on this thread.
                var batch = new LLamaBatch();
                batch.Add(model.BosToken, 0, LLamaSeqId.Zero, true);
                Assert.That(context.Handle.Decode(batch), Is.EqualTo(DecodeResult.Ok));
            }
            else
            {
                context.AddToBatch(model.BosToken, 0, 0, true);
                context.Decode();
            }
            decoded.Signal();
            counted.Wait();
        })
        { Name = name }).ToList();
        threads.ForEach(thread => thread.Start());
        decoded.Wait();
        var named = ThreadsNamed(name);
        counted.Set();
        threads.ForEach(thread => thread.Join());
        return named;
    }

    private static int ThreadsNamed(string name)
    {
        var count = 0;
        foreach (var task in Directory.GetDirectories("/proc/self/task"))
        {
            try
            {
                count += File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n') == name ? 1 : 0;
            }
            catch (IOException)
            {
                // The thread ended between the listing and the read.
            }
        }
        return count;
    }
}
