using Harness.Core.Suites;

namespace Harness.Retrieval.Faiss;

/// <summary>The similarity a FAISS index ranks by; the values are FAISS's own MetricType codes.</summary>
public enum FaissMetric
{
    /// <summary>Inner product, higher is closer (cosine on L2-normalised vectors).</summary>
    InnerProduct = 0,
    /// <summary>Squared Euclidean distance, lower is closer.</summary>
    L2 = 1,
}

/// <summary>Maps a retriever's <see cref="VectorMetric"/> onto FAISS's code for it.</summary>
public static class FaissMetrics
{
    public static FaissMetric From(VectorMetric metric) => metric switch
    {
        VectorMetric.InnerProduct => FaissMetric.InnerProduct,
        VectorMetric.L2 => FaissMetric.L2,
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "unknown vector metric"),
    };
}
