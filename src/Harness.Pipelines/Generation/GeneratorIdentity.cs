namespace Harness.Pipelines.Generation;

/// <summary>What a generator's output depends on besides the prompt: model, adapters with scales, native build.</summary>
public sealed record GeneratorIdentity(string ModelSha256, IReadOnlyList<(string Sha256, float Scale)> Adapters, string NativeBuild);
