using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Harness.Llama.Native;

/// <summary>
/// Finds and initialises llama.cpp's shared libraries: by default
/// <c>&lt;cache&gt;/native/llama-&lt;backend&gt;/</c> (cache = HARNESS_CACHE or .cache next to Harness.sln,
/// backend = HARNESS_BACKEND or cpu), where native/llama/fetch.sh puts them; or a folder given to
/// <see cref="Configure"/> before first use. llama.cpp's log lines go to <see cref="Logger"/>.
/// </summary>
public static class LlamaNativeLibrary
{
    private static readonly Lock _gate = new();
    private static string? _directory;
    private static bool _resolverInstalled;
    private static bool _initialized;
    private static ILogger _logger = NullLogger.Instance;
    private static GgmlLogLevel _lastLevel = GgmlLogLevel.Info;

    /// <summary>Receives llama.cpp's log lines (quiet by default). Debug and info lines are logged at Debug.</summary>
    public static ILogger Logger
    {
        get => _logger;
        set => _logger = value ?? NullLogger.Instance;
    }

    /// <summary>The folder the libraries are (or will be) loaded from.</summary>
    public static string Directory
    {
        get
        {
            lock (_gate)
            {
                return _directory ??= DefaultDirectory();
            }
        }
    }

    /// <summary>Uses the libraries in <paramref name="directory"/>; call before the first model is loaded.</summary>
    public static void Configure(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var full = Path.GetFullPath(directory);
        lock (_gate)
        {
            if (_initialized && !string.Equals(full, _directory, StringComparison.Ordinal))
            {
                throw new InvalidOperationException(
                    $"llama.cpp is already loaded from '{_directory}'; Configure must be called before the first model is loaded.");
            }
            _directory = full;
            InstallResolver();
        }
    }

    /// <summary>Loads the libraries and the ggml backends once; throws <see cref="LlamaNativeException"/> when they are missing.</summary>
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
            _directory ??= DefaultDirectory();
            InstallResolver();
            if (FindLibrary(_directory, "libllama.") is null)
            {
                throw new LlamaNativeException(
                    $"llama.cpp libraries not found in '{_directory}' - run native/bootstrap.sh (or build the solution), or call LlamaNativeLibrary.Configure with the folder holding libllama*.so.");
            }
            unsafe
            {
                // The log callback goes first so that backend loading is quiet too.
                NativeMethods.LogSet(&OnLog, 0);
            }
            // Plain ggml_backend_load_all() looks next to the executable and finds nothing; the CPU
            // variants (libggml-cpu-<arch>.so) live next to libllama.
            NativeMethods.GgmlBackendLoadAllFromPath(_directory);
            if (NativeMethods.GgmlBackendRegistryCount() == 0)
            {
                throw new LlamaNativeException($"no ggml backend could be loaded from '{_directory}' - the libraries there are incomplete; delete the folder and rerun native/bootstrap.sh.");
            }
            NativeMethods.BackendInit();
            Volatile.Write(ref _initialized, true);
        }
    }

    /// <summary>The names of the loaded ggml backends (e.g. CPU, CUDA).</summary>
    public static IReadOnlyList<string> Backends()
    {
        EnsureInitialized();
        var names = new List<string>();
        var count = NativeMethods.GgmlBackendRegistryCount();
        for (nuint i = 0; i < count; i++)
        {
            unsafe
            {
                names.Add(NativeMethods.ReadUtf8(NativeMethods.GgmlBackendRegistryName(NativeMethods.GgmlBackendRegistryGet(i))) ?? "?");
            }
        }
        return names;
    }

    /// <summary>llama.cpp's description of the CPU features it uses.</summary>
    public static string SystemInfo()
    {
        EnsureInitialized();
        unsafe
        {
            return NativeMethods.ReadUtf8(NativeMethods.PrintSystemInfo()) ?? string.Empty;
        }
    }

    private static void InstallResolver()
    {
        if (!_resolverInstalled)
        {
            NativeLibrary.SetDllImportResolver(typeof(LlamaNativeLibrary).Assembly, Resolve);
            _resolverInstalled = true;
        }
    }

    /// <summary>The address of a function exported by one of the libraries (by its import name), for native callbacks.</summary>
    internal static nint Export(string library, string function)
    {
        EnsureInitialized();
        var handle = Resolve(library, typeof(LlamaNativeLibrary).Assembly, null);
        return handle == 0
            ? throw new LlamaNativeException($"library '{library}' is not in '{Directory}' - delete the folder and rerun native/bootstrap.sh")
            : NativeLibrary.GetExport(handle, function);
    }

    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        var prefix = name switch
        {
            NativeMethods.LlamaLibrary => "libllama.",
            NativeMethods.GgmlLibrary => "libggml.",
            Training.TrainingNativeMethods.GgmlBaseLibrary => "libggml-base.",
            _ => null,
        };
        if (prefix is null)
        {
            return 0;
        }
        var path = FindLibrary(Directory, prefix);
        return path is null ? 0 : NativeLibrary.Load(path);
    }

    // "libllama." matches libllama.v0.5.0.so (and libllama.cuda.v0.5.0.so) but not libllama-common.so.
    private static string? FindLibrary(string directory, string prefix) =>
        System.IO.Directory.Exists(directory)
            ? System.IO.Directory.EnumerateFiles(directory, prefix + "*so").Order(StringComparer.Ordinal).FirstOrDefault()
            : null;

    private static string DefaultDirectory()
    {
        var backend = Environment.GetEnvironmentVariable("HARNESS_BACKEND") is { Length: > 0 } b ? b : "cpu";
        return Path.Combine(CacheDirectory(), "native", "llama-" + backend);
    }

    private static string CacheDirectory()
    {
        if (Environment.GetEnvironmentVariable("HARNESS_CACHE") is { Length: > 0 } cache)
        {
            return Path.GetFullPath(cache);
        }
        return FindRepositoryRoot() is { } root
            ? Path.Combine(root, ".cache")
            : throw new LlamaNativeException(
                "cannot find the llama.cpp libraries: no Harness.sln above the current directory or the program - set HARNESS_CACHE or call LlamaNativeLibrary.Configure.");
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

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static unsafe void OnLog(GgmlLogLevel level, byte* text, nint userData)
    {
        // A log callback must never throw into native code.
        try
        {
            var logger = _logger;
            // "continue" lines belong to the previous line's level.
            var effective = level == GgmlLogLevel.Continue ? _lastLevel : level;
            _lastLevel = effective;
            var logLevel = effective switch
            {
                GgmlLogLevel.Error => LogLevel.Error,
                GgmlLogLevel.Warn => LogLevel.Warning,
                _ => LogLevel.Debug,
            };
            if (text is null || !logger.IsEnabled(logLevel))
            {
                return;
            }
            var message = Encoding.UTF8.GetString(MemoryMarshal.CreateReadOnlySpanFromNullTerminated(text)).TrimEnd('\n');
            if (message.Length > 0)
            {
                logger.Log(logLevel, "llama.cpp: {Message}", message);
            }
        }
        catch (Exception)
        {
            // Swallowed on purpose: an exception cannot cross into llama.cpp's stack.
        }
    }
}
