using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Harness.Llama.Training;

/// <summary>
/// The parent's side of <see cref="TrainingWorker"/>: writes the request, starts the worker on the same .NET
/// runtime, forwards its epochs and steps, and turns its last message back into the result or the exception
/// the worker raised. A worker that dies without saying why (a native abort, out of memory) is a
/// <see cref="TrainingException"/> carrying the end of its standard error.
/// </summary>
internal static class TrainingWorkerProcess
{
    private const int StderrLines = 20;

    public static LlamaTrainingResult Run(TrainingRequest request, IProgress<EpochReport>? epochs, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        var requestPath = Path.Combine(Path.GetTempPath(), $"harness-train-{Guid.NewGuid():N}.json");
        File.WriteAllText(requestPath, JsonSerializer.Serialize(request));
        try
        {
            var start = new ProcessStartInfo(DotnetHost())
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add("exec");
            start.ArgumentList.Add(TrainingSupport.WorkerPath);
            start.ArgumentList.Add(requestPath);
            start.Environment[TrainingSupport.LibraryVariable] = TrainingSupport.LibraryPath;
            using var worker = Process.Start(start) ?? throw new TrainingException($"could not start the training worker {TrainingSupport.WorkerPath}");
            var stderr = new Queue<string>();
            string? assertion = null;
            void Remember(string text)
            {
                lock (stderr)
                {
                    // llama.cpp's failed assertion says what went wrong; the debugger's backtrace after it does not.
                    assertion ??= text.Contains("GGML_ASSERT", StringComparison.Ordinal) ? text : null;
                    stderr.Enqueue(text);
                    if (stderr.Count > StderrLines)
                    {
                        stderr.Dequeue();
                    }
                }
            }
            worker.ErrorDataReceived += (_, line) =>
            {
                if (line.Data is { Length: > 0 } text)
                {
                    Remember(text);
                }
            };
            worker.BeginErrorReadLine();
            using var cancel = cancellationToken.Register(() => worker.Kill(entireProcessTree: true));
            TrainingMessage? last = null;
            while (worker.StandardOutput.ReadLine() is { } line)
            {
                // The worker's messages are JSON lines; anything else on stdout is native code's (a crash handler's backtrace).
                if (Parse(line) is not { } message)
                {
                    if (line.Length > 0)
                    {
                        Remember(line);
                    }
                    continue;
                }
                if (message.Epoch is { } epoch)
                {
                    epochs?.Report(epoch);
                }
                else if (message.Step is { } step)
                {
                    progress?.Report(step);
                }
                else
                {
                    last = message;
                }
            }
            worker.WaitForExit();
            cancellationToken.ThrowIfCancellationRequested();
            return last switch
            {
                { Result: { } result } => result,
                { Failure: TrainingMessage.Diverged } => throw new TrainingDivergedException(last.Message!, last.Epochs ?? []),
                { Failure: TrainingMessage.Data } => throw new TrainingDataException(last.Message!),
                { Failure: not null } => throw new TrainingException(last.Message!),
                _ => throw new TrainingException(
                    $"the training worker stopped with exit code {worker.ExitCode} before finishing{(assertion is null ? Tail(stderr) : ": " + assertion.Trim())} - see the llama.cpp build in {Path.GetDirectoryName(TrainingSupport.LibraryPath)}"),
            };
        }
        finally
        {
            File.Delete(requestPath);
        }
    }

    /// <summary>The worker's message on a line of its stdout, or null for a line native code wrote there.</summary>
    internal static TrainingMessage? Parse(string line)
    {
        if (!line.StartsWith('{'))
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<TrainingMessage>(line);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Tail(Queue<string> stderr)
    {
        lock (stderr)
        {
            return stderr.Count == 0 ? "" : ": " + string.Join(" | ", stderr);
        }
    }

    /// <summary>The dotnet host of the runtime running this process (&lt;dotnet root&gt;/shared/Microsoft.NETCore.App/&lt;version&gt;/ is its runtime folder).</summary>
    private static string DotnetHost()
    {
        var host = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", "..", OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet"));
        return File.Exists(host) ? host : "dotnet";
    }
}
