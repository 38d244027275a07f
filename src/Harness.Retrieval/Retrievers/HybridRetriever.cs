using Harness.Core.Pipelines;

namespace Harness.Retrieval.Retrievers;

/// <summary>
/// Reciprocal-rank fusion (Cormack, Clarke &amp; Büttcher 2009) of a lexical and a dense retriever:
/// each chunk scores Σ 1 / (k + rank) over the lists it appears in, each list cut at the fusion depth.
/// Ties are broken by the better single rank, then by chunk id, so results are deterministic.
/// </summary>
public sealed class HybridRetriever(IRetriever lexical, IRetriever dense, int rrfK, int fusionDepth) : IRetriever
{
    public string Name => $"hybrid({lexical.Name} + {dense.Name})";

    public async ValueTask<IReadOnlyList<RetrievedPassage>> RetrieveAsync(string query, int topK, string? documentId, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(topK, 1);
        var depth = Math.Max(topK, fusionDepth);
        var lists = new[]
        {
            await lexical.RetrieveAsync(query, depth, documentId, cancellationToken).ConfigureAwait(false),
            await dense.RetrieveAsync(query, depth, documentId, cancellationToken).ConfigureAwait(false),
        };
        return Fuse(lists, rrfK, topK);
    }

    public static IReadOnlyList<RetrievedPassage> Fuse(IReadOnlyList<IReadOnlyList<RetrievedPassage>> lists, int rrfK, int topK)
    {
        ArgumentNullException.ThrowIfNull(lists);
        var fused = new Dictionary<string, (RetrievedPassage First, double Score, int BestRank)>(StringComparer.Ordinal);
        foreach (var list in lists)
        {
            foreach (var item in list)
            {
                var contribution = 1.0 / (rrfK + item.Rank);
                fused[item.Passage.Id] = fused.TryGetValue(item.Passage.Id, out var seen)
                    ? (seen.First, seen.Score + contribution, Math.Min(seen.BestRank, item.Rank))
                    : (item, contribution, item.Rank);
            }
        }
        return fused.Values
            .OrderByDescending(f => f.Score)
            .ThenBy(f => f.BestRank)
            .ThenBy(f => f.First.Passage.Id, StringComparer.Ordinal)
            .Take(topK)
            .Select((f, i) => new RetrievedPassage(f.First.Passage, f.Score, i + 1))
            .ToArray();
    }

    public void Dispose()
    {
        lexical.Dispose();
        dense.Dispose();
    }
}
