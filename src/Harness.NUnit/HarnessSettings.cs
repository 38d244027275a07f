using System.Globalization;
using Harness.Core;
using Harness.Core.Caching;
using Harness.Core.Running;
using Harness.Engine;
using Harness.Core.Running.Sharding;
using NUnit.Framework;

namespace Harness.NUnit;

/// <summary>
/// The TestRunParameters of runsettings.xml, read the same way at discovery and at execution.
/// Relative paths are resolved against the repository root; an empty value means "the default".
/// </summary>
public sealed record HarnessSettings
{
    public const string SuitesDirectoryParameter = "suitesDirectory";
    public const string LimitParameter = "limit";
    public const string CacheParameter = "cache";
    public const string BackendParameter = "backend";
    public const string CpuVariantParameter = "cpuVariant";
    public const string ThreadsParameter = "threads";
    public const string GpuLayersParameter = "gpuLayers";
    public const string ResultsDirectoryParameter = "resultsDirectory";
    public const string BaselineDirectoryParameter = "baselineDirectory";
    public const string ShardParameter = "shard";

    public required string SuitesDirectory { get; init; }
    public int? Limit { get; init; }
    public CacheMode Cache { get; init; } = CacheMode.Replay;
    /// <summary>llama.cpp backend (cpu, cuda); null leaves the choice to HARNESS_BACKEND.</summary>
    public string? Backend { get; init; }
    /// <summary>llama.cpp's CPU variant (portable, native); null leaves the choice to HARNESS_CPU_VARIANT, else portable.</summary>
    public string? CpuVariant { get; init; }
    public int Threads { get; init; }
    public int GpuLayers { get; init; }
    /// <summary>Where run directories and history go; null leaves it to HARNESS_RESULTS.</summary>
    public string? ResultsDirectory { get; init; }
    public string? BaselineDirectory { get; init; }
    /// <summary>Run only this shard of each suite's cases (i/n, 'harness merge' joins the shards); null runs them all.</summary>
    public Shard? Shard { get; init; }

    public static HarnessSettings Current => FromParameters(TestContext.Parameters);

    public static HarnessSettings FromParameters(TestParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return new HarnessSettings
        {
            SuitesDirectory = PathOrNull(parameters, SuitesDirectoryParameter) ?? Path.Combine(RepositoryPaths.Root, "suites"),
            Limit = IntOrNull(parameters, LimitParameter),
            Cache = Text(parameters, CacheParameter) is { } cache
                ? Enum.Parse<CacheMode>(cache, ignoreCase: true)
                : CacheMode.Replay,
            Backend = Text(parameters, BackendParameter),
            CpuVariant = Text(parameters, CpuVariantParameter),
            Threads = IntOrNull(parameters, ThreadsParameter) ?? 0,
            GpuLayers = IntOrNull(parameters, GpuLayersParameter) ?? 0,
            ResultsDirectory = PathOrNull(parameters, ResultsDirectoryParameter),
            BaselineDirectory = PathOrNull(parameters, BaselineDirectoryParameter),
            Shard = Text(parameters, ShardParameter) is { } shard ? ParseShard(shard) : null,
        };
    }

    public RunOptions ToRunOptions() => new()
    {
        Limit = Limit,
        Cache = Cache,
        Backend = Backend,
        CpuVariant = CpuVariant,
        Threads = Threads,
        GpuLayers = GpuLayers,
        Shard = Shard,
    };

    /// <summary>A gate run's session: regression gates against the baselines, results where the settings say.</summary>
    public SessionOptions ToSessionOptions()
    {
        var session = new SessionOptions { UseBaseline = true, BaselineDirectory = BaselineDirectory };
        return ResultsDirectory is { } results ? session with { ResultsDirectory = results } : session;
    }

    private static Shard ParseShard(string text)
    {
        try
        {
            return Shard.Parse(text);
        }
        catch (FormatException e)
        {
            throw new ArgumentException($"TestRunParameter '{ShardParameter}': {e.Message}", e);
        }
    }

    private static string? Text(TestParameters parameters, string name) =>
        parameters.Get(name) is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private static string? PathOrNull(TestParameters parameters, string name) =>
        Text(parameters, name) is { } path ? Path.GetFullPath(path, RepositoryPaths.Root) : null;

    private static int? IntOrNull(TestParameters parameters, string name) =>
        Text(parameters, name) is { } text
            ? int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw new ArgumentException($"TestRunParameter '{name}' must be an integer, not '{text}'.")
            : null;
}
