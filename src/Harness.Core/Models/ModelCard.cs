namespace Harness.Core.Models;

/// <summary>
/// A model card (<c>models/&lt;name&gt;.yaml</c>): the file, its sha256 and public source, the roles the
/// model can play (generator, embedder, adapter, judge), and for an adapter its base model and scale.
/// </summary>
public sealed record ModelCard
{
    public required string Name { get; init; }
    public string Description { get; init; } = "";
    public IReadOnlyList<string> Roles { get; init; } = [];
    /// <summary>The file name inside the cache's models folder.</summary>
    public required string File { get; init; }
    public required string Sha256 { get; init; }
    public string? Url { get; init; }
    public string? Licence { get; init; }
    /// <summary>For an adapter: the card of the model it was trained on.</summary>
    public string? Base { get; init; }
    /// <summary>For an adapter: the scale used when a suite does not give one.</summary>
    public float Scale { get; init; } = 1f;
    /// <summary>The weights' type as llama.cpp names it (F32, F16, Q8_0, Q4_K_M…), when the card says; only F32 can be fine-tuned.</summary>
    public string? Type { get; init; }
    /// <summary>"none" when the model has no chat template; a llama.cpp template name or text otherwise.</summary>
    public string? ChatTemplate { get; init; }
    /// <summary>Set when the harness makes the file itself (<c>./harness model synth</c>) rather than fetching it.</summary>
    public SyntheticRecipe? Synthetic { get; init; }
    public required string CardPath { get; init; }

    /// <summary>The only weight type llama.cpp's training API can update.</summary>
    public const string TrainableType = "F32";

    public bool HasRole(string role) => Roles.Count == 0 || Roles.Contains(role, StringComparer.Ordinal);
}
