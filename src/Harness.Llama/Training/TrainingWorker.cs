using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;
using Harness.Llama.Native;

namespace Harness.Llama.Training;

/// <summary>
/// The child process that trains (src/Harness.Trainer's whole program): binds to the trainable llama.cpp
/// build named by <see cref="TrainingSupport.LibraryVariable"/>, reads the <see cref="TrainingRequest"/>,
/// trains with <see cref="LlamaTrainer"/>, and writes one <see cref="TrainingMessage"/> per line to standard
/// output (steps, epochs, then the result or the failure). llama.cpp's warnings and errors go to standard error.
/// It stops when its standard input closes: the parent holds that pipe, so a parent killed mid-training
/// takes its worker with it instead of leaving it to write a model nobody waits for.
/// </summary>
public static unsafe class TrainingWorker
{
    private const int GgmlLogWarn = 3; // GGML_LOG_LEVEL_WARN
    private const int GgmlLogError = 4; // GGML_LOG_LEVEL_ERROR

    private static readonly Lock _output = new();

    /// <summary>Runs one request: exit code 0 when trained, 1 when training failed (the failure was sent), 2 on bad usage.</summary>
    public static int Run(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length != 1 || Environment.GetEnvironmentVariable(TrainingSupport.LibraryVariable) is not { Length: > 0 } library)
        {
            Console.Error.WriteLine($"usage: {TrainingSupport.LibraryVariable}=<trainable libllama.so> harness-trainer <request.json> (started by the harness, not by hand)");
            return 2;
        }
        new Thread(ExitWhenParentLeaves) { IsBackground = true, Name = "parent watch" }.Start();
        var request = JsonSerializer.Deserialize<TrainingRequest>(File.ReadAllText(args[0]))
            ?? throw new InvalidDataException($"'{args[0]}' holds no training request");
        LlamaNativeLibrary.UseTrainingBuild(library);
        TrainingNativeMethods.LogSet(&OnLog, 0);
        TrainingNativeMethods.BackendInit();
        LoadBackendModules(library);
        try
        {
            var result = LlamaTrainer.TrainHere(
                request, new Sender<EpochReport>(e => new TrainingMessage { Epoch = e }), new Sender<TrainingProgress>(p => new TrainingMessage { Step = p }));
            Send(new TrainingMessage { Result = result });
            return 0;
        }
        catch (TrainingDivergedException e)
        {
            Send(new TrainingMessage { Failure = TrainingMessage.Diverged, Message = e.Message, Epochs = e.Epochs });
        }
        catch (TrainingDataException e)
        {
            Send(new TrainingMessage { Failure = TrainingMessage.Data, Message = e.Message });
        }
        catch (LlamaException e)
        {
            Send(new TrainingMessage { Failure = TrainingMessage.Training, Message = e.Message });
        }
        return 1;
    }

    /// <summary>
    /// A build whose backends are loadable modules (GGML_BACKEND_DL, as llama.cpp's release packages ship) registers
    /// none until asked; its modules lie beside its libggml. native/llama-cpp/build.sh links the CPU backend in.
    /// </summary>
    private static void LoadBackendModules(string library)
    {
        var folder = Path.GetDirectoryName(library)!;
        var ggml = NativeLibrary.Load(Path.Combine(folder, Path.GetFileName(library).Replace("llama", "ggml", StringComparison.Ordinal)));
        var count = (delegate* unmanaged[Cdecl]<nuint>)NativeLibrary.GetExport(ggml, "ggml_backend_reg_count");
        if (count() > 0)
        {
            return;
        }
        var load = (delegate* unmanaged[Cdecl]<byte*, void>)NativeLibrary.GetExport(ggml, "ggml_backend_load_all_from_path");
        fixed (byte* path = System.Text.Encoding.UTF8.GetBytes(folder + "\0"))
        {
            load(path);
        }
    }

    private static void Send(TrainingMessage message)
    {
        var line = JsonSerializer.Serialize(message);
        lock (_output)
        {
            Console.Out.WriteLine(line);
            Console.Out.Flush();
        }
    }

    private static void ExitWhenParentLeaves()
    {
        using var input = Console.OpenStandardInput();
        var buffer = new byte[64];
        while (input.Read(buffer) > 0)
        {
        }
        Environment.Exit(3);
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnLog(int level, byte* text, nint userData)
    {
        // A log callback must never throw into native code; info and debug lines are dropped.
        try
        {
            if (level is GgmlLogWarn or GgmlLogError && Marshal.PtrToStringUTF8((nint)text) is { } line)
            {
                Console.Error.Write(line);
            }
        }
        catch (IOException)
        {
            // The parent is gone; the watch thread ends the process.
        }
    }

    private sealed class Sender<T>(Func<T, TrainingMessage> wrap) : IProgress<T>
    {
        public void Report(T value) => Send(wrap(value));
    }
}
