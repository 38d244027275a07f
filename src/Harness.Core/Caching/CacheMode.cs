namespace Harness.Core.Caching;

/// <summary>How a run uses the generation cache (<c>--cache</c>).</summary>
public enum CacheMode
{
    /// <summary>Use a stored generation when there is one; compute and store a miss (CI default).</summary>
    Replay,
    /// <summary>Always generate, and overwrite what is stored.</summary>
    Refresh,
    /// <summary>Neither read nor write the cache.</summary>
    Off,
}
