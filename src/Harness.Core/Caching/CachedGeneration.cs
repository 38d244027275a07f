namespace Harness.Core.Caching;

/// <summary>A stored generation: the text and its token counts (timings are never replayed).</summary>
public sealed record CachedGeneration(string Text, int PromptTokens, int GeneratedTokens);
