using System.Globalization;
using Harness.Core.Configuration;
using Harness.Core.Metrics;

namespace Harness.Core;

/// <summary>
/// The registry of metric families (<see cref="MetricFamily"/>): each declares its metrics (ids, names,
/// units, direction, format), its chart and its headline role. Suites are validated against it before
/// anything runs; <c>list metrics</c>, the charts and the report's headline read it; Harness.Metrics'
/// implementations take their descriptors from it (<see cref="Describe"/>) and its DefaultMetrics
/// registers each family's implementation. Ids ending in "@k" take any positive k ("recall@5", "ndcg@10").
/// </summary>
public static class KnownMetrics
{
    /// <summary>The latency family's name (its behaviour comes from <see cref="MetricFamily.Timing"/>, not from this name).</summary>
    public const string LatencyFamily = "latency";

    public static MetricFamily Retrieval { get; } = new("retrieval",
    [
        new("precision@k", "Precision@k"),
        new("recall@k", "Recall@k"),
        new("hit@k", "Hit@k", Proportion: true),
        new("ndcg@k", "nDCG@k"),
        new("mrr", "MRR"),
        new("map", "MAP"),
    ])
    {
        Title = "Retrieval",
    };

    public static MetricFamily Answer { get; } = new("answer",
    [
        new("exact_match", "Exact match", Proportion: true),
        new("token_f1", "Token F1"),
        new("rouge_l", "ROUGE-L F (rouge-score)"),
        new("bleu", "BLEU (sacreBLEU sentence, 13a, exp)"),
        new("corpus_bleu", "BLEU (sacreBLEU corpus, 13a, exp)"),
    ])
    {
        Title = "Answer quality",
        CanHeadline = true,
        CorpusIds = ["corpus_bleu"],
    };

    public static MetricFamily Label { get; } = new("label",
    [
        new("label_accuracy", "Label accuracy", Proportion: true),
        new("unmapped_rate", "Unmapped answers", HigherIsBetter: false, Proportion: true),
    ])
    {
        Title = "Label accuracy",
        CanHeadline = true,
    };

    public static MetricFamily Faithfulness { get; } = new("faithfulness",
    [
        new("faithfulness", "Faithfulness"),
        new("abstention", "Abstention rate", HigherIsBetter: false, Proportion: true),
    ])
    {
        Title = "Faithfulness and hallucination",
        CanHeadline = true,
        JudgedIds = ["faithfulness"],
    };

    public static MetricFamily Hallucination { get; } = new("hallucination",
    [
        new("hallucination_rate", "Hallucination rate (answers)", HigherIsBetter: false, Proportion: true),
        new("claim_hallucination_rate", "Hallucination rate (claims)", HigherIsBetter: false),
        new("unsupported_wrong_rate", "Unsupported and wrong", HigherIsBetter: false, Proportion: true),
        new("unsupported_correct_rate", "Unsupported but correct", HigherIsBetter: false, Proportion: true),
    ])
    {
        ChartedWith = "faithfulness",
        CanHeadline = true,
        JudgedIds = ["hallucination_rate", "claim_hallucination_rate", "unsupported_wrong_rate", "unsupported_correct_rate"],
    };

    /// <summary>Wall-clock timings (<see cref="MetricFamily.Timing"/>): charted per pipeline and stage (the report's latency chart), not as a family of means.</summary>
    public static MetricFamily Latency { get; } = new(LatencyFamily,
    [
        Milliseconds("latency_retrieval_ms", "Retrieval latency"),
        Milliseconds("latency_prompt_ms", "Prompt evaluation latency"),
        Milliseconds("ttft_ms", "Time to first token"),
        Milliseconds("latency_generation_ms", "Generation latency"),
        Milliseconds("latency_total_ms", "Total latency"),
        new("tokens_per_second", "Generation speed", "tokens/s", Format: "0.0"),
    ])
    {
        Timing = true,
    };

    public static MetricFamily Traceability { get; } = new("traceability",
    [
        new("citation_precision", "Citation precision"),
        new("citation_recall", "Citation recall (gold units)"),
        new("uncited_claim_rate", "Uncited claims", HigherIsBetter: false),
    ])
    {
        Title = "Traceability",
    };

    /// <summary>Perplexity is the effective number of equally likely next tokens: a count of tokens, not a 0–1 score.</summary>
    public static MetricFamily Fluency { get; } = new("fluency",
    [
        new("perplexity", "Perplexity (answer)", "tokens", HigherIsBetter: false, Format: "0.00") { Minimum = 1 },
    ])
    {
        Title = "Fluency",
        OnByDefault = false,
    };

    public static MetricFamily Relevance { get; } = new("relevance",
    [
        new("semantic_similarity", "Semantic similarity (answer ↔ reference)") { Minimum = -1 },
        new("answer_relevance", "Answer relevance (question ↔ answer)") { Minimum = -1 },
    ])
    {
        Title = "Relevance",
        OnByDefault = false,
    };

    /// <summary>Per case (tokens, wall time, price) and per pipeline (its implementation's run aggregates: totals, index, memory, training); every cost is better lower.</summary>
    public static MetricFamily Cost { get; } = new("cost",
    [
        Spent("prompt_tokens", "Prompt tokens", "tokens", "0.0"),
        Spent("completion_tokens", "Completion tokens", "tokens", "0.0"),
        Spent("wall_s", "Wall time per case", "s", "0.000"),
        Spent("cost_per_case", $"Cost per case ({MetricSpec.Currency})", MetricSpec.Currency, "0.000000"),
        Spent("prompt_tokens_total", "Prompt tokens (total)", "tokens", "0"),
        Spent("completion_tokens_total", "Completion tokens (total)", "tokens", "0"),
        Spent("index_build_s", "Index build time", "s", "0.00"),
        Spent("index_size_mb", "Index size", "MB", "0.00"),
        Spent("peak_rss_mb", "Peak memory (RSS, run)", "MB", "0"),
        Spent("training_s", "Training time", "s", "0.0"),
        Spent("training_tokens", "Training tokens", "tokens", "0"),
        Spent("cost_total", $"Cost (total, {MetricSpec.Currency})", MetricSpec.Currency, "0.0000"),
    ])
    {
        Title = "Cost",
        CorpusIds = ["prompt_tokens_total", "completion_tokens_total", "index_build_s", "index_size_mb", "peak_rss_mb", "training_s", "training_tokens", "cost_total"],
    };

    /// <summary>Every family, in the order <c>list metrics</c> shows them and headlines are chosen.</summary>
    public static IReadOnlyList<MetricFamily> All { get; } = [Retrieval, Answer, Label, Faithfulness, Hallucination, Latency, Traceability, Fluency, Relevance, Cost];

    public static IReadOnlyDictionary<string, IReadOnlyList<string>> ByFamily { get; } = All.ToDictionary(f => f.Name, f => f.Ids);

    public static IReadOnlyList<string> Families { get; } = [.. All.Select(f => f.Name)];

    /// <summary>What a suite without a <c>metrics:</c> list computes.</summary>
    public static IReadOnlyList<string> DefaultFamilies { get; } = [.. All.Where(f => f.OnByDefault).Select(f => f.Name)];

    /// <summary>The family of that name, or null.</summary>
    public static MetricFamily? Family(string name) => All.FirstOrDefault(f => f.Name == name);

    public static bool IsCorpus(string id) => All.Any(f => f.CorpusIds.Contains(id));

    /// <summary>True when the metric's family declares its values wall-clock timings (<see cref="MetricFamily.Timing"/>).</summary>
    public static bool IsTiming(MetricDescriptor metric)
    {
        ArgumentNullException.ThrowIfNull(metric);
        return Family(metric.Family)?.Timing == true;
    }

    public static bool IsFamily(string name) => ByFamily.ContainsKey(name);

    /// <summary>The family of a metric id ("recall@5" → "retrieval"), or null when the id is unknown.</summary>
    public static string? FamilyOf(string id) => Find(id)?.Family.Name;

    public static bool IsKnown(string id) => FamilyOf(id) is not null;

    /// <summary>True for the metrics a support scorer decides (faithfulness and hallucination, not abstention): their gates need a calibrated scorer.</summary>
    public static bool IsJudgedBySupportScorer(string id) => All.Any(f => f.JudgedIds.Contains(id));

    /// <summary>True when naming <paramref name="name"/> (a family or an id) makes the run judge claims with a support scorer.</summary>
    public static bool NeedsSupportScorer(string name) =>
        Family(name) is { JudgedIds.Count: > 0 } || IsJudgedBySupportScorer(name);

    /// <summary>
    /// The descriptor of a metric id ("recall@5", "token_f1", "cost_total") from its family's declaration;
    /// <paramref name="currency"/> names the money of a priced cost metric.
    /// </summary>
    /// <exception cref="ArgumentException">The id is not a known metric.</exception>
    public static MetricDescriptor Describe(string id, string? currency = null)
    {
        ArgumentNullException.ThrowIfNull(id);
        var (family, spec, k) = Find(id) ?? throw new ArgumentException(Unknown(id, "a metric id"), nameof(id));
        return spec.Describe(family.Name, k, currency);
    }

    /// <summary>The lowest and highest values a metric id takes ("rouge_l": 0 to 1), or null when the id is unknown.</summary>
    public static (double Minimum, double Maximum)? Range(string id) => Find(id) is { Spec: var spec } ? (spec.Minimum, spec.Maximum) : null;

    /// <summary>The problem of an unknown metric name, with a did-you-mean or the families to choose from; <paramref name="what"/> says what was expected.</summary>
    public static string Unknown(string metric, string what)
    {
        ArgumentNullException.ThrowIfNull(metric);
        // "ndcg@0" names a metric that exists with a k that cannot: the fix is the k, not another name.
        var at = metric.IndexOf('@', StringComparison.Ordinal);
        if (at > 0 && All.Any(f => f.Ids.Contains(metric[..at] + "@k")))
        {
            return $"unknown metric '{metric}' - in {metric[..at]}@k, k is the cut-off: a whole number of 1 or more, e.g. {metric[..at]}@5";
        }
        return $"unknown metric '{metric}'"
            + (Suggest(metric) is { } guess ? $" - did you mean '{guess}'?" : $" - expected {what}: {string.Join(", ", Families)} or an id of one ('./harness list metrics')");
    }

    /// <summary>The closest family or id to a misspelt name, with the same k ("recal@5" → "recall@5").</summary>
    public static string? Suggest(string name)
    {
        var k = SplitCutoff(name) is (_, { } cutoff) ? cutoff : 5;
        var candidates = Families.Concat(All.SelectMany(f => f.Ids).Select(id => id.Replace("@k", string.Create(CultureInfo.InvariantCulture, $"@{k}"), StringComparison.Ordinal)));
        return Suggestions.Closest(name, candidates);
    }

    /// <summary>
    /// The family and declaration of a metric id, with its k ("recall@5" → retrieval, "recall@k", 5); null when
    /// the id is unknown or its k is not a positive number.
    /// </summary>
    private static (MetricFamily Family, MetricSpec Spec, int? K)? Find(string id)
    {
        if (SplitCutoff(id) is not (var pattern, var k))
        {
            return null;
        }
        foreach (var family in All)
        {
            if (family.Metrics.FirstOrDefault(m => m.Id == pattern) is { } spec)
            {
                return (family, spec, k);
            }
        }
        return null;
    }

    /// <summary>
    /// The one reading of a cut-off: "recall@5" → ("recall@k", 5); an id without '@' is its own pattern with
    /// no k ("mrr" → ("mrr", null)); null when what follows the '@' is not a positive whole number ("recall@0", "recall@x").
    /// </summary>
    public static (string Pattern, int? K)? SplitCutoff(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var at = id.IndexOf('@', StringComparison.Ordinal);
        if (at < 0)
        {
            return (id, null);
        }
        return int.TryParse(id.AsSpan(at + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var k) && k > 0
            ? (id[..at] + "@k", k)
            : null;
    }

    private static MetricSpec Milliseconds(string id, string displayName) => new(id, displayName, "ms", HigherIsBetter: false, Format: "0.0");

    private static MetricSpec Spent(string id, string displayName, string unit, string format) => new(id, displayName, unit, HigherIsBetter: false, Format: format);

}
