using System.Globalization;
using Harness.Core;
using Harness.Core.Metrics;

namespace Harness.Metrics.Retrieval;

/// <summary>
/// Retrieval quality of one case against its gold evidence spans (docs/architecture.md, "Metric definitions"): precision@k, recall@k,
/// hit@k and nDCG@k for each cut-off k, plus MRR and MAP over the whole returned list. A case
/// without gold evidence, or a pipeline that does not retrieve, is inconclusive, never 0.
/// </summary>
public sealed class RetrievalMetric : IMetric
{
    public static readonly IReadOnlyList<int> DefaultCutoffs = [1, 5, 10];

    public static readonly MetricDescriptor Mrr = KnownMetrics.Describe("mrr");
    public static readonly MetricDescriptor Map = KnownMetrics.Describe("map");

    public RetrievalMetric()
        : this(DefaultCutoffs)
    {
    }

    public RetrievalMetric(IReadOnlyList<int> cutoffs)
    {
        ArgumentNullException.ThrowIfNull(cutoffs);
        if (cutoffs.Count == 0 || cutoffs.Any(k => k < 1))
        {
            throw new ArgumentException("retrieval cut-offs must be a non-empty list of positive integers", nameof(cutoffs));
        }
        Cutoffs = cutoffs.Distinct().Order().ToArray();
        Descriptors =
        [
            .. Cutoffs.Select(k => KnownMetrics.Describe(Id("precision", k))),
            .. Cutoffs.Select(k => KnownMetrics.Describe(Id("recall", k))),
            .. Cutoffs.Select(k => KnownMetrics.Describe(Id("hit", k))),
            .. Cutoffs.Select(k => KnownMetrics.Describe(Id("ndcg", k))),
            Mrr,
            Map,
        ];
    }

    public IReadOnlyList<int> Cutoffs { get; }

    public string Name => KnownMetrics.Retrieval.Name;

    public IReadOnlyList<MetricDescriptor> Descriptors { get; }

    public ValueTask<IReadOnlyList<MetricValue>> EvaluateAsync(MetricContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ValueTask.FromResult<IReadOnlyList<MetricValue>>(Evaluate(context));
    }

    private MetricValue[] Evaluate(MetricContext context)
    {
        if (!context.PipelineRetrieves)
        {
            return Descriptors.AllInconclusive("pipeline does not retrieve");
        }
        if (!context.Case.GoldSpans.Any(s => s.End > s.Start))
        {
            return Descriptors.AllInconclusive("the case has no gold evidence");
        }
        var ranked = context.Output.Retrieved.OrderBy(r => r.Rank).Select(r => r.Passage).ToArray();
        var judgement = RankedJudgement.Of(ranked, context.Case.GoldSpans);
        return
        [
            .. Cutoffs.Select(k => MetricValue.Ok(Id("precision", k), judgement.PrecisionAt(k))),
            .. Cutoffs.Select(k => MetricValue.Ok(Id("recall", k), judgement.RecallAt(k))),
            .. Cutoffs.Select(k => MetricValue.Ok(Id("hit", k), judgement.HitAt(k))),
            .. Cutoffs.Select(k => MetricValue.Ok(Id("ndcg", k), judgement.NdcgAt(k))),
            MetricValue.Ok(Mrr.Id, judgement.ReciprocalRank()),
            MetricValue.Ok(Map.Id, judgement.AveragePrecision()),
        ];
    }

    private static string Id(string name, int k) => string.Create(CultureInfo.InvariantCulture, $"{name}@{k}");
}
