using Harness.Core.Pipelines;

namespace Harness.Retrieval.Retrievers;

/// <summary>
/// Ranks the chunks of one indexed corpus for a query. Scores are higher-is-better within one
/// retriever (BM25 score, inner product or negative L2 distance, fused RRF score) and not comparable
/// across retrievers. Ranks are 1-based.
/// </summary>
public interface IRetriever : IDisposable
{
    /// <summary>Short description, e.g. "bm25" or "dense lsa HNSW32".</summary>
    string Name { get; }

    /// <param name="query">The question, as written: it is never interpreted as query syntax.</param>
    /// <param name="topK">How many chunks to return at most.</param>
    /// <param name="documentId">Restricts retrieval to one document's chunks (suites with <c>scope: document</c>); null for the whole corpus.</param>
    /// <param name="cancellationToken">Cancels the search.</param>
    ValueTask<IReadOnlyList<RetrievedPassage>> RetrieveAsync(string query, int topK, string? documentId, CancellationToken cancellationToken);
}
