using System.Reflection;
using System.Runtime.InteropServices;
using LLama.Abstractions;
using LLama.Exceptions;
using LLama.Native;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Harness.Llama.Native;

/// <summary>
/// Chooses and loads llama.cpp through LLamaSharp's <see cref="NativeLibraryConfig"/>: the CPU natives of
/// LLamaSharp.Backend.Cpu (restored by <c>dotnet restore</c>; LLamaSharp picks the AVX level), or with
/// backend <c>cuda</c> (HARNESS_BACKEND, or <see cref="UseBackend"/> with a run's backend setting) the natives
/// of LLamaSharp's CUDA backend package (LLamaSharp.Backend.Cuda12) when the project references it, else a CUDA build of the same llama.cpp commit made by
/// native/llama-cuda/build.sh. llama.cpp's log lines go to <see cref="Logger"/>; the few functions
/// LLamaSharp does not wrap (<see cref="NativeMethods"/>) bind to the very library it loaded.
/// </summary>
public static class LlamaNativeLibrary
{
    /// <summary>The backend used when HARNESS_BACKEND does not say otherwise.</summary>
    public const string DefaultBackend = "cpu";

    private static readonly Lock _gate = new();
    private static string? _backend;
    private static string? _cpuVariant;
    private static string? _libraryPath;
    private static string? _variant;
    private static bool _initialized;
    private static ILogger _logger = NullLogger.Instance;
    private static LogLevel _lastLevel = LogLevel.Debug;

    /// <summary>Receives llama.cpp's log lines (quiet by default). Debug and info lines are logged at Debug.</summary>
    public static ILogger Logger
    {
        get => _logger;
        set => _logger = value ?? NullLogger.Instance;
    }

    /// <summary>The backend in use or to be used: "cpu" or "cuda".</summary>
    public static string Backend
    {
        get
        {
            lock (_gate)
            {
                return _backend ??= BackendFromEnvironment();
            }
        }
    }

    /// <summary>
    /// Chooses the backend before llama.cpp loads (a run's backend setting; HARNESS_BACKEND otherwise). A process
    /// loads llama.cpp once, so asking for another backend after that is an error that says so.
    /// </summary>
    public static void UseBackend(string backend)
    {
        var chosen = Normalize(backend, "the backend setting");
        lock (_gate)
        {
            if (_initialized && _backend != chosen)
            {
                throw new LlamaNativeException(
                    $"llama.cpp is already loaded with backend '{_backend}' in this process and cannot switch to '{chosen}' - run what needs '{chosen}' in a process of its own");
            }
            _backend = chosen;
        }
    }

    /// <summary>The CPU variant in use or to be used (<see cref="CpuVariants"/>): HARNESS_CPU_VARIANT, else <see cref="CpuVariants.Default"/>.</summary>
    public static string CpuVariant
    {
        get
        {
            lock (_gate)
            {
                return _cpuVariant ??= CpuVariantFromEnvironment();
            }
        }
    }

    /// <summary>Chooses the CPU variant before llama.cpp loads; like the backend, a process cannot switch once it has loaded.</summary>
    public static void UseCpuVariant(string variant)
    {
        var chosen = CpuVariants.Normalize(variant, "the cpu variant setting");
        lock (_gate)
        {
            if (_initialized && _cpuVariant != chosen)
            {
                throw new LlamaNativeException(
                    $"llama.cpp is already loaded with CPU variant '{_cpuVariant}' in this process and cannot switch to '{chosen}' - run what needs '{chosen}' in a process of its own");
            }
            _cpuVariant = chosen;
        }
    }

    /// <summary>The build of llama.cpp's own tools (llama-bench, llama-batched-bench, llama-server, the trainable libraries) for the CPU variant: &lt;cache&gt;/native/llama-cpp[-native].</summary>
    public static string ToolsDirectory => NativeBuildDirectory(CpuVariants.ToolsBuildName(CpuVariant));

    /// <summary>The libllama file LLamaSharp loaded (loading it first when needed).</summary>
    public static string LibraryPath
    {
        get
        {
            EnsureInitialized();
            return _libraryPath!;
        }
    }

    /// <summary>Loads llama.cpp once; throws <see cref="LlamaNativeException"/> when the chosen natives are missing.</summary>
    internal static void EnsureInitialized()
    {
        if (Volatile.Read(ref _initialized))
        {
            return;
        }
        lock (_gate)
        {
            if (_initialized)
            {
                return;
            }
            _backend ??= BackendFromEnvironment();
            _cpuVariant ??= CpuVariantFromEnvironment();
            if (!NativeLibraryConfig.LLama.LibraryHasLoaded)
            {
                Configure(_backend, _cpuVariant);
            }
            INativeLibrary? loaded;
            try
            {
                NativeApi.llama_empty_call();
                loaded = NativeApi.GetLoadedNativeLibrary(NativeLibraryName.LLama);
                // Again after loading, for when another component had LLamaSharp load it without our callback.
                NativeLogConfig.llama_log_set(OnLog);
            }
            catch (Exception e) when (e is TypeInitializationException or RuntimeError or DllNotFoundException)
            {
                throw new LlamaNativeException(
                    $"LLamaSharp could not load llama.cpp for backend '{_backend}': {(e.InnerException ?? e).Message} - run 'dotnet restore' (LLamaSharp.Backend.Cpu brings the CPU natives) or set LlamaNativeLibrary.Logger to see its search.", e);
            }
            _libraryPath = loaded is null ? null : FindLoadedFile(loaded);
            // The natives' folder name in LLamaSharp.Backend.Cpu (AvxLevel.None ships as "noavx").
            _variant = loaded?.Metadata is { } metadata
                ? metadata.UseCuda ? "cuda" : metadata.AvxLevel == AvxLevel.None ? "noavx" : metadata.AvxLevel.ToString().ToLowerInvariant()
                : OwnBuildName(_libraryPath);
            if (_libraryPath is null)
            {
                throw new LlamaNativeException($"LLamaSharp reports no loaded llama.cpp library for backend '{_backend}' - set LlamaNativeLibrary.Logger to see its search.");
            }
            NativeLibrary.SetDllImportResolver(typeof(LlamaNativeLibrary).Assembly, Resolve);
            Volatile.Write(ref _initialized, true);
        }
    }

    /// <summary>Tells LLamaSharp's loader which natives to load (before its first native call).</summary>
    private static void Configure(string backend, string cpuVariant)
    {
        var configs = NativeLibraryConfig.All.WithLogCallback(OnLog).WithVulkan(false);
        if (backend == "cuda")
        {
            if (HasCudaPackage())
            {
                // SkipCheck: LLamaSharp then tries its cuda13, cuda12 and cuda11 folders even when it cannot
                // read the CUDA version from a toolkit (a machine with the driver only).
                configs.WithCuda(true).WithAutoFallback(false).SkipCheck(true);
            }
            else if (CudaBuild() is { } llama)
            {
                configs.WithLibrary(llama, null);
            }
            else
            {
                throw new LlamaNativeException(
                    $"backend cuda is asked for (HARNESS_BACKEND or the backend setting) but no CUDA build of llama.cpp is here - add the LLamaSharp.Backend.Cuda12 package from your NuGet feed (README, 'GPU'), or run native/llama-cuda/build.sh on the GPU machine (it writes {CudaBuildDirectory()}).");
            }
        }
        else
        {
            configs.WithCuda(false);
            if (CpuVariants.AvxLevelOf(cpuVariant) is { } level)
            {
                if (CpuVariants.Unsupported(cpuVariant) is { } problem)
                {
                    throw new LlamaNativeException(problem);
                }
                // Pinned: no fallback to another level, whose kernels would give other numbers.
                configs.WithAvx(level).WithAutoFallback(false);
            }
        }
    }

    /// <summary>The names of the ggml devices llama.cpp sees (e.g. CPU, CUDA0).</summary>
    public static IReadOnlyList<string> Backends()
    {
        EnsureInitialized();
        var names = new List<string>();
        var count = NativeApi.ggml_backend_dev_count();
        for (nuint i = 0; i < count; i++)
        {
            names.Add(Marshal.PtrToStringUTF8(NativeApi.ggml_backend_dev_name(NativeApi.ggml_backend_dev_get(i))) ?? "?");
        }
        return names;
    }

    /// <summary>
    /// The llama.cpp build generations depend on, for run records and the generation cache key: the
    /// LLamaSharp version (which pins the llama.cpp commit), the natives' variant and the CPU features used.
    /// </summary>
    public static string BuildIdentity()
    {
        EnsureInitialized();
        return $"LLamaSharp {PackageVersion ?? "?"} ({_variant}, cpu variant {_cpuVariant}) {SystemInfo().Trim()}";
    }

    /// <summary>
    /// The LLamaSharp package version this build restored. LLamaSharp's own assembly version is 0.0.0.0, so the
    /// build records the package version (Harness.Llama.csproj) and it is read back here.
    /// </summary>
    internal static string? PackageVersion { get; } = typeof(LlamaNativeLibrary).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "LLamaSharpPackage")?.Value;

    /// <summary>llama.cpp's description of the CPU features it uses.</summary>
    public static string SystemInfo()
    {
        EnsureInitialized();
        return Marshal.PtrToStringUTF8(NativeApi.llama_print_system_info()) ?? string.Empty;
    }

    /// <summary>The address of a function exported by one of the libraries (by its import name), for native callbacks.</summary>
    internal static nint Export(string library, string function)
    {
        EnsureInitialized();
        var handle = Resolve(library, typeof(LlamaNativeLibrary).Assembly, null);
        return handle == 0
            ? throw new LlamaNativeException($"no library for import name '{library}' beside '{_libraryPath}'")
            : NativeLibrary.GetExport(handle, function);
    }

    /// <summary>The folder holding Harness.sln: above the current directory, above the program, or where this library was built.</summary>
    internal static string? FindRepositoryRoot()
    {
        var builtIn = typeof(LlamaNativeLibrary).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "HarnessRoot")?.Value;
        foreach (var start in new[] { System.IO.Directory.GetCurrentDirectory(), AppContext.BaseDirectory, builtIn })
        {
            for (var dir = start is { Length: > 0 } ? new DirectoryInfo(start) : null; dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Harness.sln")))
                {
                    return dir.FullName;
                }
            }
        }
        return null;
    }

    private static string BackendFromEnvironment() =>
        Environment.GetEnvironmentVariable("HARNESS_BACKEND") is { Length: > 0 } backend ? Normalize(backend, "HARNESS_BACKEND") : DefaultBackend;

    private static string CpuVariantFromEnvironment() =>
        Environment.GetEnvironmentVariable(CpuVariants.Variable) is { Length: > 0 } variant ? CpuVariants.Normalize(variant, CpuVariants.Variable) : CpuVariants.Default;

    private static string Normalize(string backend, string source) => backend.ToLowerInvariant() switch
    {
        "cpu" => "cpu",
        "cuda" => "cuda",
        _ => throw new LlamaNativeException($"{source} is '{backend}', not a llama.cpp backend - use cpu or cuda"),
    };

    /// <summary>Where a native/&lt;name&gt;/build.sh puts its build: &lt;cache&gt;/native/&lt;name&gt; (cache = HARNESS_CACHE or .cache beside Harness.sln).</summary>
    internal static string NativeBuildDirectory(string name)
    {
        var cache = Environment.GetEnvironmentVariable("HARNESS_CACHE") is { Length: > 0 } c ? c
            : Path.Combine(FindRepositoryRoot() ?? System.IO.Directory.GetCurrentDirectory(), ".cache");
        return Path.Combine(Path.GetFullPath(cache), "native", name);
    }

    /// <summary>Where native/llama-cuda/build.sh puts its CUDA build.</summary>
    internal static string CudaBuildDirectory() => NativeBuildDirectory("llama-cuda");

    /// <summary>
    /// Binds the harness's own imports to <paramref name="libraryPath"/> (and its libggml-base) without LLamaSharp:
    /// the training worker's process, which must never load LLamaSharp's natives beside that build.
    /// </summary>
    internal static void UseTrainingBuild(string libraryPath)
    {
        lock (_gate)
        {
            if (_initialized)
            {
                throw new InvalidOperationException($"llama.cpp is already loaded from '{_libraryPath}'");
            }
            _backend = DefaultBackend;
            _libraryPath = libraryPath;
            _variant = OwnBuildName(libraryPath);
            NativeLibrary.SetDllImportResolver(typeof(LlamaNativeLibrary).Assembly, Resolve);
            Volatile.Write(ref _initialized, true);
        }
    }

    private static string? CudaBuild()
    {
        var path = Path.Combine(CudaBuildDirectory(), "libllama.so");
        return File.Exists(path) ? path : null;
    }

    // native/llama-cuda/build.sh records the llama.cpp commit beside the libraries it builds.
    private static string OwnBuildName(string? libraryPath)
    {
        var commit = libraryPath is null ? null : Path.Combine(Path.GetDirectoryName(libraryPath)!, "llama.cpp-commit");
        return commit is not null && File.Exists(commit) ? "own build of llama.cpp " + File.ReadAllText(commit).Trim() : "own build";
    }

    // LLamaSharp's CUDA backend packages put their natives under runtimes/<rid>/native/cuda<major>/ next to the program.
    private static bool HasCudaPackage() =>
        System.IO.Directory.Exists(Path.Combine(AppContext.BaseDirectory, "runtimes"))
        && System.IO.Directory.EnumerateDirectories(Path.Combine(AppContext.BaseDirectory, "runtimes"), "cuda1?", SearchOption.AllDirectories).Any();

    /// <summary>
    /// The file behind LLamaSharp's loaded library, found the way its loader finds it: the relative
    /// candidate path against the current directory, the application folder, then LLamaSharp's own folder.
    /// </summary>
    private static string? FindLoadedFile(INativeLibrary library)
    {
        string[] roots = ["./", AppDomain.CurrentDomain.BaseDirectory, Path.GetDirectoryName(typeof(NativeApi).Assembly.Location) ?? ""];
        foreach (var candidate in library.Prepare(LLama.Native.SystemInfo.Get(), null))
        {
            if (Path.IsPathRooted(candidate) && File.Exists(candidate))
            {
                return candidate;
            }
            foreach (var root in roots)
            {
                var path = Path.GetFullPath(Path.Combine(root, candidate));
                if (File.Exists(path))
                {
                    return path;
                }
            }
        }
        return null;
    }

    // Loading the same file again returns the handle LLamaSharp already holds (the loader counts references);
    // LLamaSharp loads libggml-base from the same folder, under the same naming (lib prefix, extension).
    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath) => name switch
    {
        NativeMethods.LlamaLibrary when _libraryPath is { } path => NativeLibrary.Load(path),
        NativeMethods.GgmlBaseLibrary when _libraryPath is { } path =>
            NativeLibrary.Load(Path.Combine(Path.GetDirectoryName(path)!, Path.GetFileName(path).Replace("llama", "ggml-base", StringComparison.Ordinal))),
        _ => 0,
    };

    private static void OnLog(LLamaLogLevel level, string message)
    {
        // A log callback must never throw into native code.
        try
        {
            // "continue" lines belong to the previous line's level.
            var logLevel = level switch
            {
                LLamaLogLevel.Continue => _lastLevel,
                LLamaLogLevel.Error => LogLevel.Error,
                LLamaLogLevel.Warning => LogLevel.Warning,
                _ => LogLevel.Debug,
            };
            _lastLevel = logLevel;
            var logger = _logger;
            if (!logger.IsEnabled(logLevel))
            {
                return;
            }
            var text = message.TrimEnd('\n');
            if (text.Length > 0)
            {
                logger.Log(logLevel, "llama.cpp: {Message}", text);
            }
        }
        catch (Exception)
        {
            // Swallowed on purpose: an exception cannot cross into llama.cpp's stack.
        }
    }
}
