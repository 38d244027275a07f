using System.CommandLine;
using Harness.Llama.Native;

namespace Harness.Cli.Commands;

/// <summary>
/// `--cpu-variant portable|native` on every command (docs/cpu-variants.md): which llama.cpp kernels run, chosen
/// before anything loads llama.cpp. Without it HARNESS_CPU_VARIANT decides, else portable.
/// </summary>
internal static class CpuVariantOption
{
    public static Option<string?> Create()
    {
        var option = new Option<string?>("--cpu-variant")
        {
            Description = "llama.cpp's CPU kernels: portable (default; the same numbers on every AVX2 machine) or native (the fastest this CPU runs); also noavx, avx, avx2, avx512.",
            Recursive = true,
        };
        option.AcceptOnlyFromAmong([.. CpuVariants.All]);
        return option;
    }

    /// <summary>Applies the option's value, when given, to the process's llama.cpp.</summary>
    public static void Apply(ParseResult parseResult, Option<string?> option)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        if (parseResult.GetValue(option) is { } variant)
        {
            LlamaNativeLibrary.UseCpuVariant(variant);
        }
    }
}
