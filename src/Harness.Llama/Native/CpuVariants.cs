using System.Runtime.Intrinsics.X86;
using LLama.Native;

namespace Harness.Llama.Native;

/// <summary>
/// Which CPU kernels llama.cpp runs (docs/cpu-variants.md). Floating-point results depend on the kernels (an
/// AVX-512 dot product sums in another order than an AVX2 one), so the variant decides whether two machines
/// give the same numbers. <see cref="Portable"/>, the default, pins LLamaSharp's AVX2 natives and the AVX2/FMA/F16C
/// build of llama.cpp's tools: identical results on every x86-64-v3 machine. <see cref="Native"/> takes the fastest
/// the CPU runs (LLamaSharp's own choice, AVX-512 where present, and the GGML_NATIVE build of the tools). The
/// LLamaSharp levels by name (noavx, avx, avx2, avx512) exist to test the harness on each; their tools are the portable build.
/// Chosen with HARNESS_CPU_VARIANT, a run's <c>--cpu-variant</c> or the <c>cpuVariant</c> run setting; recorded in run.json.
/// </summary>
public static class CpuVariants
{
    public const string Portable = "portable";
    public const string Native = "native";
    public const string Default = Portable;

    /// <summary>The environment variable that chooses the variant when a run does not.</summary>
    public const string Variable = "HARNESS_CPU_VARIANT";

    /// <summary>Every accepted name, the two product settings first.</summary>
    public static IReadOnlyList<string> All { get; } = [Portable, Native, "noavx", "avx", "avx2", "avx512"];

    /// <summary>The name in canonical form; throws <see cref="LlamaNativeException"/> naming the choices for an unknown one.</summary>
    public static string Normalize(string variant, string source)
    {
        ArgumentNullException.ThrowIfNull(variant);
        var name = variant.Trim().ToLowerInvariant();
        return All.Contains(name)
            ? name
            : throw new LlamaNativeException($"{source} is '{variant}', not a CPU variant - use {string.Join(", ", All)} (docs/cpu-variants.md)");
    }

    /// <summary>The LLamaSharp natives the variant pins; null lets LLamaSharp pick the best the CPU supports.</summary>
    internal static AvxLevel? AvxLevelOf(string variant) => variant switch
    {
        Portable or "avx2" => AvxLevel.Avx2,
        "noavx" => AvxLevel.None,
        "avx" => AvxLevel.Avx,
        "avx512" => AvxLevel.Avx512,
        _ => null,
    };

    /// <summary>Why this CPU cannot run the variant's kernels, or null when it can (running them anyway dies on an illegal instruction).</summary>
    internal static string? Unsupported(string variant)
    {
        var missing = AvxLevelOf(variant) switch
        {
            AvxLevel.Avx when !Avx.IsSupported => "AVX",
            AvxLevel.Avx2 when !(Avx2.IsSupported && Fma.IsSupported) => "AVX2 and FMA",
            AvxLevel.Avx512 when !Avx512F.IsSupported => "AVX-512",
            _ => null,
        };
        return missing is null ? null
            : $"the CPU variant '{variant}' needs {missing}, which this CPU (or DOTNET_Enable* settings) does not offer - use --cpu-variant native ({Variable}=native), which takes the best this CPU runs";
    }

    /// <summary>The folder name of the build of llama.cpp's tools (native/llama-cpp/build.sh) the variant trains and benchmarks with.</summary>
    public static string ToolsBuildName(string variant) => variant == Native ? "llama-cpp-native" : "llama-cpp";

    /// <summary>The command that builds those tools.</summary>
    public static string ToolsBuildCommand(string variant) =>
        variant == Native ? "bash native/llama-cpp/build.sh --variant native" : "bash native/llama-cpp/build.sh";
}
