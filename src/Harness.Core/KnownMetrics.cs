using System.Globalization;
using System.Text.RegularExpressions;
using Harness.Core.Configuration;
using Harness.Core.Costs;
using Harness.Core.Metrics;

namespace Harness.Core;

/// <summary>
/// The registry of metric families (<see cref="MetricFamily"/>): suites are validated against it before
/// anything runs, and <c>list metrics</c>, the charts and the report's headline read it. Harness.Metrics'
/// descriptors use the same ids and family names (a test checks it); its DefaultMetrics registers each
/// family's implementation. Ids ending in "@k" take any positive k ("recall@5", "ndcg@10").
/// </summary>
public static partial class KnownMetrics
{
    /// <summary>The family whose values are wall-clock measurements: warm-up and replays make them inconclusive, summaries add percentiles.</summary>
    public const string LatencyFamily = "latency";

    public static MetricFamily Retrieval { get; } = new("retrieval", ["precision@k", "recall@k", "hit@k", "mrr", "ndcg@k", "map"]) { Title = "Retrieval" };

    public static MetricFamily Answer { get; } = new("answer", ["exact_match", "token_f1", "rouge_l", "bleu", "corpus_bleu"])
    {
        Title = "Answer quality",
        CanHeadline = true,
        CorpusIds = ["corpus_bleu"],
    };

    public static MetricFamily Label { get; } = new("label", ["label_accuracy", "unmapped_rate"]) { Title = "Label accuracy", CanHeadline = true };

    public static MetricFamily Faithfulness { get; } = new("faithfulness", ["faithfulness", "abstention"])
    {
        Title = "Faithfulness and hallucination",
        CanHeadline = true,
        JudgedIds = ["faithfulness"],
    };

    public static MetricFamily Hallucination { get; } = new("hallucination", ["hallucination_rate", "claim_hallucination_rate", "unsupported_wrong_rate", "unsupported_correct_rate"])
    {
        ChartedWith = "faithfulness",
        CanHeadline = true,
        JudgedIds = ["hallucination_rate", "claim_hallucination_rate", "unsupported_wrong_rate", "unsupported_correct_rate"],
    };

    /// <summary>Charted per pipeline and stage (the report's latency chart), not as a family of means.</summary>
    public static MetricFamily Latency { get; } = new(LatencyFamily, ["latency_retrieval_ms", "latency_prompt_ms", "ttft_ms", "latency_generation_ms", "latency_total_ms", "tokens_per_second"]);

    public static MetricFamily Traceability { get; } = new("traceability", ["citation_precision", "citation_recall", "uncited_claim_rate"]) { Title = "Traceability" };

    public static MetricFamily Fluency { get; } = new("fluency", ["perplexity"]) { Title = "Fluency", OnByDefault = false };

    public static MetricFamily Relevance { get; } = new("relevance", ["semantic_similarity", "answer_relevance"]) { Title = "Relevance", OnByDefault = false };

    public static MetricFamily Cost { get; } = new(PipelineCosts.Family,
        [
            "prompt_tokens", "completion_tokens", "wall_s", "cost_per_case",
            "prompt_tokens_total", "completion_tokens_total", "index_build_s", "index_size_mb", "peak_rss_mb", "training_s", "training_tokens", "cost_total",
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

    public static bool IsFamily(string name) => ByFamily.ContainsKey(name);

    /// <summary>The family of a metric id ("recall@5" → "retrieval"), or null when the id is unknown.</summary>
    public static string? FamilyOf(string id)
    {
        var pattern = Pattern(id);
        return pattern is null ? null : All.FirstOrDefault(f => f.Ids.Contains(pattern))?.Name;
    }

    public static bool IsKnown(string id) => FamilyOf(id) is not null;

    /// <summary>True for the metrics a support scorer decides (faithfulness and hallucination, not abstention): their gates need a calibrated scorer.</summary>
    public static bool IsJudgedBySupportScorer(string id) => All.Any(f => f.JudgedIds.Contains(id));

    /// <summary>True when naming <paramref name="name"/> (a family or an id) makes the run judge claims with a support scorer.</summary>
    public static bool NeedsSupportScorer(string name) =>
        Family(name) is { JudgedIds.Count: > 0 } || IsJudgedBySupportScorer(name);

    /// <summary>The problem of an unknown metric name, with a did-you-mean or the families to choose from; <paramref name="what"/> says what was expected.</summary>
    public static string Unknown(string metric, string what) =>
        $"unknown metric '{metric}'"
        + (Suggest(metric) is { } guess ? $" - did you mean '{guess}'?" : $" - expected {what}: {string.Join(", ", Families)} or an id of one ('./harness list metrics')");

    /// <summary>The closest family or id to a misspelt name, with the same k ("recal@5" → "recall@5").</summary>
    public static string? Suggest(string name)
    {
        var k = AtK().Match(name) is { Success: true } m ? m.Groups[1].Value : "5";
        var candidates = Families.Concat(All.SelectMany(f => f.Ids).Select(id => id.Replace("@k", "@" + k, StringComparison.Ordinal)));
        return Suggestions.Closest(name, candidates);
    }

    /// <summary>"recall@5" → "recall@k"; ids without k map to themselves; a k that is not a positive number → null.</summary>
    private static string? Pattern(string id)
    {
        var at = id.IndexOf('@', StringComparison.Ordinal);
        if (at < 0)
        {
            return All.Any(f => f.Ids.Contains(id)) ? id : null;
        }
        return int.TryParse(id[(at + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var k) && k > 0 ? id[..at] + "@k" : null;
    }

    [GeneratedRegex(@"@(\d+)$")]
    private static partial Regex AtK();
}
