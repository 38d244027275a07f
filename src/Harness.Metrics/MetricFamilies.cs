using Harness.Core;

namespace Harness.Metrics;

/// <summary>The metric family names a suite's <c>metrics:</c> list may contain (also the descriptors' families).</summary>
public static class MetricFamilies
{
    public const string Retrieval = "retrieval";
    public const string Answer = "answer";
    public const string Label = "label";
    public const string Faithfulness = "faithfulness";
    public const string Hallucination = "hallucination";
    public const string Latency = KnownMetrics.LatencyFamily;
    public const string Cost = Core.Costs.PipelineCosts.Family;
    public const string Traceability = "traceability";
    public const string Fluency = "fluency";
    public const string Relevance = "relevance";
}
