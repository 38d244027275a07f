namespace Harness.Core.Suites;

/// <summary>
/// A name a suite uses that only a catalog can check (a dataset card, a model card, a split, a label),
/// with its position, so <see cref="SuiteValidator"/> can report it where it is written.
/// </summary>
public sealed record SuiteReference(SuiteReferenceKind Kind, string Name, string Usage, string File, long Line, long Column)
{
    /// <summary>For an adapter: the generator it is applied to (its card's base must match).</summary>
    public string? AppliesTo { get; init; }
}

public enum SuiteReferenceKind
{
    /// <summary>A dataset card (datasets/&lt;name&gt;.yaml).</summary>
    Dataset,
    /// <summary>A split of the suite's dataset.</summary>
    Split,
    /// <summary>A label of the suite's dataset (in the label mapping).</summary>
    Label,
    /// <summary>A model card used to generate (generator, judge, a pipeline's model).</summary>
    Generator,
    /// <summary>A model card used to embed, or the built-in "lsa".</summary>
    Embedder,
    /// <summary>A LoRA adapter card.</summary>
    Adapter,
    /// <summary>The generator a 'train:' block fine-tunes (its card must not declare a quantized type).</summary>
    TrainedBase,
    /// <summary>The split a 'train: { data: split }' block trains on (it must exist and not be the evaluated split).</summary>
    TrainingSplit,
    /// <summary>The split a suite's 'select:' compares sweep variants on (it must exist and not be the evaluated split).</summary>
    SelectionSplit,
}
