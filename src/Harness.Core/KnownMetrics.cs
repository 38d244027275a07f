using System.Globalization;
using System.Text.RegularExpressions;
using Harness.Core.Configuration;

namespace Harness.Core;

/// <summary>
/// The metric families and ids a suite may name, in one place: suites are validated against this list
/// before anything runs, and Harness.Metrics' descriptors must use the same ids (a test checks it).
/// Ids ending in "@k" take any positive k ("recall@5", "ndcg@10").
/// </summary>
public static partial class KnownMetrics
{
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> ByFamily { get; } = new Dictionary<string, IReadOnlyList<string>>
    {
        ["retrieval"] = ["precision@k", "recall@k", "hit@k", "mrr", "ndcg@k", "map"],
        ["answer"] = ["exact_match", "token_f1", "rouge_l", "bleu", "corpus_bleu"],
        ["label"] = ["label_accuracy", "unmapped_rate"],
        ["faithfulness"] = ["faithfulness", "abstention"],
        ["hallucination"] = ["hallucination_rate", "claim_hallucination_rate", "unsupported_wrong_rate", "unsupported_correct_rate"],
        ["latency"] = ["latency_retrieval_ms", "latency_prompt_ms", "ttft_ms", "latency_generation_ms", "latency_total_ms", "tokens_per_second"],
        ["traceability"] = ["citation_precision", "citation_recall", "uncited_claim_rate"],
        ["fluency"] = ["perplexity"],
        ["relevance"] = ["semantic_similarity", "answer_relevance"],
        ["cost"] =
        [
            "prompt_tokens", "completion_tokens", "wall_s", "cost_per_case",
            "prompt_tokens_total", "completion_tokens_total", "index_build_s", "index_size_mb", "peak_rss_mb", "training_s", "training_tokens", "cost_total",
        ],
    };

    public static IReadOnlyList<string> Families { get; } = [.. ByFamily.Keys];

    /// <summary>What a suite without a <c>metrics:</c> list computes: every family but those that load a model of their own (fluency, relevance).</summary>
    public static IReadOnlyList<string> DefaultFamilies { get; } = [.. Families.Except(["fluency", "relevance"])];

    /// <summary>
    /// Ids with no per-case values (corpus BLEU, a pipeline's token totals, index and training figures):
    /// threshold gates decide on their summary (a case bootstrap, or the one measurement); paired gates cannot use them.
    /// </summary>
    public static IReadOnlyList<string> CorpusIds { get; } =
    [
        "corpus_bleu", "prompt_tokens_total", "completion_tokens_total", "index_build_s", "index_size_mb", "peak_rss_mb", "training_s", "training_tokens", "cost_total",
    ];

    public static bool IsCorpus(string id) => CorpusIds.Contains(id);

    /// <summary>The family whose values are wall-clock measurements: warm-up and replays make them inconclusive, summaries add percentiles.</summary>
    public const string LatencyFamily = "latency";

    public static bool IsFamily(string name) => ByFamily.ContainsKey(name);

    /// <summary>The family of a metric id ("recall@5" → "retrieval"), or null when the id is unknown.</summary>
    public static string? FamilyOf(string id)
    {
        var pattern = Pattern(id);
        return pattern is null ? null : ByFamily.FirstOrDefault(f => f.Value.Contains(pattern)).Key;
    }

    public static bool IsKnown(string id) => FamilyOf(id) is not null;

    /// <summary>True for the metrics a support scorer decides (faithfulness and hallucination, not abstention): their gates need a calibrated scorer.</summary>
    public static bool IsJudgedBySupportScorer(string id) =>
        id != "abstention" && FamilyOf(id) is "faithfulness" or "hallucination";

    /// <summary>The closest family or id to a misspelt name, with the same k ("recal@5" → "recall@5").</summary>
    public static string? Suggest(string name)
    {
        var k = AtK().Match(name) is { Success: true } m ? m.Groups[1].Value : "5";
        var candidates = Families.Concat(ByFamily.Values.SelectMany(ids => ids).Select(id => id.Replace("@k", "@" + k, StringComparison.Ordinal)));
        return Suggestions.Closest(name, candidates);
    }

    /// <summary>"recall@5" → "recall@k"; ids without k map to themselves; a k that is not a positive number → null.</summary>
    private static string? Pattern(string id)
    {
        var at = id.IndexOf('@', StringComparison.Ordinal);
        if (at < 0)
        {
            return ByFamily.Values.Any(ids => ids.Contains(id)) ? id : null;
        }
        return int.TryParse(id[(at + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var k) && k > 0 ? id[..at] + "@k" : null;
    }

    [GeneratedRegex(@"@(\d+)$")]
    private static partial Regex AtK();
}
