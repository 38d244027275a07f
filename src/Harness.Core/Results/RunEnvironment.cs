namespace Harness.Core.Results;

/// <summary>Where and with what a run ran, recorded with every run and shown in every report.</summary>
public sealed record RunEnvironment
{
    public required string MachineName { get; init; }
    public required string OperatingSystem { get; init; }
    public required string DotNetVersion { get; init; }
    public required int ProcessorCount { get; init; }
    public string? ProcessorName { get; init; }
    public int Threads { get; init; }
    /// <summary>llama.cpp build and backend (CPU/CUDA, device name), when a local model ran.</summary>
    public string? NativeLibrary { get; init; }
    public string? Backend { get; init; }
    /// <summary>llama.cpp's CPU variant (portable: the same kernels, so the same numbers, on every x86-64-v3 machine; native: the fastest this CPU runs).</summary>
    public string? CpuVariant { get; init; }
    public string? GitCommit { get; init; }
    public IReadOnlyList<ModelFileInfo> Models { get; init; } = [];
}
