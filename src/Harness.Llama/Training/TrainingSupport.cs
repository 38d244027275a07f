using Harness.Llama.Native;

namespace Harness.Llama.Training;

/// <summary>
/// Where training runs and whether it can. The llama.cpp LLamaSharp 0.30.0 is built from builds its training
/// graph through the inference path, which writes K and V into the KV cache with ggml_set_rows; ggml's backward
/// pass has no gradient for that write and aborts the process (GGML_ASSERT in ggml_build_backward_expand, fixed
/// upstream by llama.cpp PR 27199). The llama.cpp source bundled in npm node-llama-cpp@3.22.1 trains, so
/// native/llama-cpp/build.sh builds its shared libraries, and <see cref="TrainingWorker"/> trains on them in a
/// child process while this one evaluates on LLamaSharp's natives.
/// </summary>
public static class TrainingSupport
{
    /// <summary>The script that builds the trainable llama.cpp (relative to the repository).</summary>
    public const string BuildScript = "native/llama-cpp/build.sh";

    /// <summary>The environment variable that tells the worker which libllama to bind.</summary>
    internal const string LibraryVariable = "HARNESS_TRAINING_LIBLLAMA";

    /// <summary>The trainable build's libllama for the CPU variant: &lt;cache&gt;/native/llama-cpp[-native]/bin/libllama.so.</summary>
    public static string LibraryPath => Path.Combine(LlamaNativeLibrary.ToolsDirectory, "bin", "libllama.so");

    /// <summary>The worker program, copied beside Harness.Llama by every project that references src/Harness.Trainer.</summary>
    internal static string WorkerPath => Path.Combine(Path.GetDirectoryName(typeof(TrainingSupport).Assembly.Location)!, "harness-trainer.dll");

    /// <summary>Null when training can run; otherwise why not and what to do.</summary>
    public static string? Problem
    {
        get
        {
            if (!File.Exists(LibraryPath))
            {
                return $"fine-tuning runs on the llama.cpp that {BuildScript} builds (the one LLamaSharp {LlamaNativeLibrary.PackageVersion} ships aborts in the backward pass, "
                    + $"fixed upstream by llama.cpp PR 27199), and '{LibraryPath}' is not there - run '{CpuVariants.ToolsBuildCommand(LlamaNativeLibrary.CpuVariant)}' (needs npm, git, cmake and a C++ compiler; "
                    + "about 10 minutes on 2 cores), or use 'adapter:' or 'model:' for this pipeline";
            }
            return File.Exists(WorkerPath)
                ? null
                : $"the training worker '{WorkerPath}' is missing - the program that trains must reference src/Harness.Trainer (Harness.Cli and Harness.NUnit do)";
        }
    }

    /// <summary>The trainable build, for keys of trained models: the llama.cpp commit the build script records.</summary>
    public static string BuildIdentity
    {
        get
        {
            var commit = Path.Combine(LlamaNativeLibrary.ToolsDirectory, "llama.cpp-commit");
            return "llama.cpp " + (File.Exists(commit) ? File.ReadAllText(commit).Trim() : "unknown") + " (" + BuildScript + ", " + LlamaNativeLibrary.CpuVariant + ")";
        }
    }

    /// <summary>Throws <see cref="TrainingException"/> with <see cref="Problem"/> when training cannot run.</summary>
    public static void EnsureAvailable()
    {
        if (Problem is { } problem)
        {
            throw new TrainingException(problem);
        }
    }
}
