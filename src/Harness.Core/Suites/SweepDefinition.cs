using Harness.Core.Configuration;

namespace Harness.Core.Suites;

/// <summary>
/// A pipeline's <c>sweep:</c>: its variants, one per combination of the swept values, each a whole pipeline read and
/// validated as if its values were written in it. The suite's <see cref="SelectionDefinition"/> chooses one variant
/// on the selection cases; only that one answers the evaluated cases, under <see cref="Pipeline"/>'s name.
/// </summary>
/// <param name="Pipeline">The swept pipeline's name (the name gates and the test rows use).</param>
/// <param name="Variants">Its variants, the first swept setting varying slowest.</param>
public sealed record PipelineSweep(string Pipeline, IReadOnlyList<SweepVariant> Variants);

/// <summary>One combination of swept values: the pipeline it makes (named <c>rag[top_k=10,chunk.words=100]</c>) and the values.</summary>
public sealed record SweepVariant(PipelineDefinition Pipeline, IReadOnlyList<SweepSetting> Settings)
{
    /// <summary>The value of one swept setting in this variant, or null when it is not swept.</summary>
    public string? ValueOf(string path) => Settings.FirstOrDefault(s => s.Path == path)?.Value;

    /// <summary><c>pipeline[path=value,…]</c>, in the order the sweep writes its settings.</summary>
    public static string Name(string pipeline, IEnumerable<SweepSetting> settings) =>
        $"{pipeline}[{string.Join(',', settings.Select(s => $"{s.Path}={s.Value}"))}]";
}

/// <summary>A swept setting's path (<c>top_k</c>, <c>train.epochs</c>) and its value as written.</summary>
public sealed record SweepSetting(string Path, string Value);

/// <summary>
/// The suite's <c>select:</c>: every variant of every swept pipeline answers the selection cases (a split that is not
/// evaluated, or a seeded share of the evaluated split that the evaluation then leaves out), and per swept pipeline the
/// variant with the best <see cref="Metric"/> is chosen (ties: <see cref="Running.Selection.VariantChoice"/>).
/// The evaluated cases never take part.
/// </summary>
public sealed record SelectionDefinition
{
    /// <summary>The split the variants are compared on; null for <see cref="Share"/> of the evaluated split.</summary>
    public string? Split { get; init; }

    /// <summary>Without <see cref="Split"/>: the seeded share of the evaluated split's cases held out for selection.</summary>
    public double? Share { get; init; }

    /// <summary>The per-case metric the variants are ranked by (its direction from its descriptor).</summary>
    public required string Metric { get; init; }

    /// <summary>At most this many selection cases (a seeded subset), and never more than the run's case limit; null for the run's limit.</summary>
    public int? Limit { get; init; }

    /// <summary>"split dev" or "a 20% share of split test", as logs and reports say it.</summary>
    public string Describe(string evaluatedSplit) => Split is { } split
        ? $"split {split}"
        : $"a {Share!.Value * 100:0.#}% share of split {evaluatedSplit}";
}

/// <summary>
/// The settings a sweep may vary, each with the keys it is written under in a pipeline. The first key of a nested
/// path names a block the pipeline must have (its <c>retriever:</c> or <c>train:</c>): a sweep varies a pipeline, it
/// does not add a retriever to one.
/// </summary>
public static class SweepPaths
{
    private static readonly Dictionary<string, string[]> _keys = new(StringComparer.Ordinal)
    {
        ["top_k"] = ["retriever", "top_k"],
        ["retriever.kind"] = ["retriever", "kind"],
        ["chunk.words"] = ["retriever", "chunk", "words"],
        ["chunk.tokens"] = ["retriever", "chunk", "tokens"],
        ["chunk.overlap"] = ["retriever", "chunk", "overlap"],
        ["embedder"] = ["retriever", "embedder"],
        ["index"] = ["retriever", "index"],
        ["rrf_k"] = ["retriever", "rrf_k"],
        ["train.epochs"] = ["train", "epochs"],
        ["train.learning_rate"] = ["train", "learning_rate"],
        ["train.limit"] = ["train", "limit"],
        ["train.context"] = ["train", "context"],
        ["train.batch"] = ["train", "batch"],
        ["train.patience"] = ["train", "patience"],
        ["max_tokens"] = ["max_tokens"],
        ["temperature"] = ["temperature"],
        ["seed"] = ["seed"],
    };

    /// <summary>At most this many variants per pipeline: each answers every selection case.</summary>
    public const int MaxVariants = 64;

    public static IReadOnlyCollection<string> Names => _keys.Keys;

    /// <summary>The keys a path is written under in a pipeline, or null for a path that cannot be swept.</summary>
    public static IReadOnlyList<string>? KeysOf(string path) => _keys.GetValueOrDefault(path);

    /// <summary>What a suite says about a path it cannot sweep.</summary>
    public static string Unknown(string path) => $"'{path}' cannot be swept{Suggestions.Hint(path, Names)}";
}
