namespace Harness.Core.Pipelines;

/// <summary>Prompt and generated token counts of one answer (zero for pipelines without a model).</summary>
public sealed record TokenCounts(int Prompt, int Generated);
