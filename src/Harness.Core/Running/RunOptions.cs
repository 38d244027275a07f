using Harness.Core.Caching;
using Harness.Core.Running.Sharding;

namespace Harness.Core.Running;

/// <summary>Command-line (or runsettings) overrides of a suite for one run.</summary>
public sealed record RunOptions
{
    /// <summary>Run only these pipelines (empty: all of the suite's).</summary>
    public IReadOnlyList<string> Pipelines { get; init; } = [];
    /// <summary>Overrides the suite's limit; 0 runs every case.</summary>
    public int? Limit { get; init; }
    /// <summary>Overrides the suite's seed.</summary>
    public int? Seed { get; init; }
    public CacheMode Cache { get; init; } = CacheMode.Replay;
    /// <summary>The generation cache file (default: HARNESS_GENERATION_CACHE, else .cache/generations.db).</summary>
    public string GenerationCachePath { get; init; } = GenerationCache.DefaultPath;
    /// <summary>Decoding threads of local models (0: automatic — every core, or one for models under 100M parameters).</summary>
    public int Threads { get; init; }
    /// <summary>llama.cpp's backend, cpu or cuda (null: HARNESS_BACKEND, else cpu); one per process.</summary>
    public string? Backend { get; init; }
    /// <summary>
    /// llama.cpp's CPU variant, portable or native (docs/cpu-variants.md; null: HARNESS_CPU_VARIANT, else portable); one per
    /// process. Part of the run's configuration: a resume or a shard merge never mixes variants.
    /// </summary>
    public string? CpuVariant { get; init; }
    /// <summary>Layers offloaded to the GPU (CUDA backend); 0 keeps the model on the CPU.</summary>
    public int GpuLayers { get; init; }
    /// <summary>Cases answered together (decoded as parallel sequences of one context by local models).</summary>
    public int Parallel { get; init; } = 4;
    /// <summary>
    /// The first answers per pipeline with a latency (generated now, or replayed with their recorded timings) whose
    /// latency is excluded as warm-up.
    /// </summary>
    public int WarmUpCases { get; init; } = 1;
    /// <summary>The run directory; null makes results/&lt;suite&gt;-&lt;timestamp&gt; or resumes an unfinished run of the same configuration.</summary>
    public string? OutputDirectory { get; init; }
    /// <summary>Run only this shard of the cases (<see cref="Sharding.Shard"/>); null runs them all.</summary>
    public Shard? Shard { get; init; }
    /// <summary>
    /// The run's id, set by the runner once it knows which run it writes (new or resumed): the generation cache names
    /// it beside each answer it stores, so a later replay says which run its latency was recorded by.
    /// </summary>
    public string? RunId { get; init; }
    /// <summary>Start a new run even when an unfinished one of the same configuration exists.</summary>
    public bool Fresh { get; init; }
}
