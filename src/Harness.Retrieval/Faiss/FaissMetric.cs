namespace Harness.Retrieval.Faiss;

/// <summary>The similarity a FAISS index ranks by; the values are FAISS's own MetricType codes.</summary>
public enum FaissMetric
{
    /// <summary>Inner product, higher is closer (cosine on L2-normalised vectors).</summary>
    InnerProduct = 0,
    /// <summary>Squared Euclidean distance, lower is closer.</summary>
    L2 = 1,
}
