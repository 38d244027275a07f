namespace Harness.Retrieval.Retrievers;

/// <summary>A suite's <c>retriever: { kind: … }</c>.</summary>
public enum RetrieverKind
{
    Bm25,
    Dense,
    /// <summary>Reciprocal-rank fusion of BM25 and dense.</summary>
    Hybrid,
}
