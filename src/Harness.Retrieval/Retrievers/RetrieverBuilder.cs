using Harness.Core.Data;
using Harness.Core.Suites;
using Harness.Retrieval.Bm25;
using Harness.Retrieval.Chunking;
using Harness.Retrieval.Embeddings;
using Harness.Retrieval.Indexing;
using Microsoft.Extensions.Logging;

namespace Harness.Retrieval.Retrievers;

/// <summary>
/// Makes the retriever a <see cref="RetrieverDefinition"/> describes over a corpus: chunks it, then opens
/// its indexes from the <see cref="IndexCache"/>, building them first when needed.
/// </summary>
public sealed class RetrieverBuilder(IndexCache cache, EmbedderFactory embedders, ITokenCounter? tokenCounter = null)
{
    public async Task<BuiltRetriever> BuildAsync(Corpus corpus, RetrieverDefinition options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var chunker = new Chunker(options.Chunk, tokenCounter);
        var chunks = chunker.Chunk(corpus);
        if (chunks.Count == 0)
        {
            throw new ArgumentException($"the corpus has no text to index ({corpus.Documents.Count} documents)");
        }
        switch (options.Kind)
        {
            case RetrieverKind.Bm25:
            {
                var bm25 = await Bm25Async(corpus, chunker, chunks, cancellationToken).ConfigureAwait(false);
                return new BuiltRetriever(bm25.Value, chunks, Summarize(chunks, bm25));
            }
            case RetrieverKind.Dense:
            {
                var (dense, embedding) = await DenseAsync(corpus, chunker, chunks, options, cancellationToken).ConfigureAwait(false);
                return new BuiltRetriever(dense.Value, chunks, Summarize(chunks, dense) with { Embedding = embedding });
            }
            case RetrieverKind.Hybrid:
            {
                var bm25 = await Bm25Async(corpus, chunker, chunks, cancellationToken).ConfigureAwait(false);
                try
                {
                    var (dense, embedding) = await DenseAsync(corpus, chunker, chunks, options, cancellationToken).ConfigureAwait(false);
                    var hybrid = new HybridRetriever(bm25.Value, dense.Value, options.RrfK, options.FusionDepth);
                    return new BuiltRetriever(hybrid, chunks, Summarize(chunks, bm25, dense) with { Embedding = embedding });
                }
                catch
                {
                    bm25.Value.Dispose();
                    throw;
                }
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(options), options.Kind, "unknown retriever kind");
        }
    }

    private Task<CachedIndex<Bm25Retriever>> Bm25Async(Corpus corpus, Chunker chunker, IReadOnlyList<Passage> chunks, CancellationToken cancellationToken) =>
        cache.GetOrBuildAsync(
            new IndexKey("bm25", corpus.ContentHash, chunker.Description),
            chunks,
            (directory, _) =>
            {
                Bm25Retriever.Build(directory, chunks);
                return Task.CompletedTask;
            },
            directory => Bm25Retriever.Open(directory, chunks),
            cancellationToken);

    private async Task<(CachedIndex<DenseRetriever> Index, EmbeddingStats? Embedding)> DenseAsync(
        Corpus corpus, Chunker chunker, IReadOnlyList<Passage> chunks, RetrieverDefinition options, CancellationToken cancellationToken)
    {
        var embedderName = options.EmbedderName;
        var provider = embedders.Resolve(embedderName);
        var identity = provider.Identity(embedderName);
        var key = new IndexKey("dense", corpus.ContentHash, chunker.Description, identity, options.Index, options.Metric.ToString());
        var name = $"dense {embedderName} {options.Index}";
        // A fixed model's vectors serve every index over the same chunks: embed once, index many times.
        var embedded = provider.LearnsFromCorpus ? null : await EmbeddingsAsync(corpus, chunker, chunks, provider, embedderName, identity, cancellationToken).ConfigureAwait(false);
        var index = await cache.GetOrBuildAsync(
            key,
            chunks,
            async (directory, token) =>
            {
                if (embedded is not null)
                {
                    await DenseRetriever.BuildAsync(directory, embedded.Vectors, chunks.Count, options, token).ConfigureAwait(false);
                    return;
                }
                using var embedder = provider.Build(embedderName, chunks, directory);
                await DenseRetriever.BuildAsync(directory, chunks, embedder, options, token).ConfigureAwait(false);
            },
            directory =>
            {
                var embedder = provider.Open(embedderName, directory);
                try
                {
                    return DenseRetriever.Open(directory, chunks, embedder, options, name);
                }
                catch
                {
                    embedder.Dispose();
                    throw;
                }
            },
            cancellationToken).ConfigureAwait(false);
        return (index, embedded?.Stats);
    }

    private async Task<ChunkEmbeddings> EmbeddingsAsync(
        Corpus corpus, Chunker chunker, IReadOnlyList<Passage> chunks, IEmbedderProvider provider, string embedderName, string identity,
        CancellationToken cancellationToken)
    {
        var embeddings = await cache.GetOrBuildAsync(
            new IndexKey("embeddings", corpus.ContentHash, chunker.Description, identity),
            chunks,
            async (directory, token) =>
            {
                using var embedder = provider.Build(embedderName, chunks, directory);
                await ChunkEmbeddings.WriteAsync(directory, chunks, embedder, token).ConfigureAwait(false);
            },
            directory => ChunkEmbeddings.Read(directory, chunks.Count),
            cancellationToken).ConfigureAwait(false);
        var stats = embeddings.Value.Stats;
        if (!embeddings.Reused)
        {
            cache.Logger.LogInformation(
                "Embedded {Chunks} chunks with {Embedder} in {Seconds:0.0} s ({Rate:0.0} chunks/s){Truncation}",
                stats.Chunks, embedderName, stats.Seconds, stats.ChunksPerSecond, stats.TruncationNote is { } note ? "; " + note : "");
        }
        if (stats.Truncated > 0)
        {
            cache.Logger.LogWarning(
                "{Embedder}: {Note} - the model never sees the rest of those chunks; smaller chunks (chunk: words) keep all of their text",
                embedderName, stats.TruncationNote);
        }
        return embeddings.Value;
    }

    private static IndexSummary Summarize<T>(IReadOnlyList<Passage> chunks, CachedIndex<T> index) =>
        new(chunks.Count, index.BuildTime, index.SizeBytes, index.Reused, [index.Directory]);

    private static IndexSummary Summarize(IReadOnlyList<Passage> chunks, CachedIndex<Bm25Retriever> bm25, CachedIndex<DenseRetriever> dense) =>
        new(chunks.Count, bm25.BuildTime + dense.BuildTime, bm25.SizeBytes + dense.SizeBytes, bm25.Reused && dense.Reused, [bm25.Directory, dense.Directory]);
}

/// <summary>How a retriever's indexes were obtained.</summary>
/// <param name="ChunkCount">Chunks indexed.</param>
/// <param name="BuildTime">Time spent building the indexes (now, or when reused ones were built).</param>
/// <param name="SizeBytes">The indexes' size on disk.</param>
/// <param name="Reused">True when every index came from the cache.</param>
/// <param name="Directories">The cache folders.</param>
public sealed record IndexSummary(int ChunkCount, TimeSpan BuildTime, long SizeBytes, bool Reused, IReadOnlyList<string> Directories)
{
    /// <summary>How the chunks were embedded (time, chunks/s, window truncation), for a dense part with a cached embedding.</summary>
    public EmbeddingStats? Embedding { get; init; }
}

/// <summary>A ready retriever with its chunks and index summary; disposing it closes the indexes.</summary>
public sealed class BuiltRetriever(IRetriever retriever, IReadOnlyList<Passage> chunks, IndexSummary index) : IDisposable
{
    public IRetriever Retriever { get; } = retriever;

    public IReadOnlyList<Passage> Chunks { get; } = chunks;

    public IndexSummary Index { get; } = index;

    public void Dispose() => Retriever.Dispose();
}
