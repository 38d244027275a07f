using Harness.Core;

namespace Harness.Retrieval.Indexing;

/// <summary>
/// What an index depends on: the corpus content, the chunking, the embedder and the FAISS factory
/// string and metric (the last three empty for BM25). Equal keys mean an index can be reused.
/// </summary>
public sealed record IndexKey(string Kind, string CorpusHash, string Chunking, string Embedder = "", string Factory = "", string Metric = "")
{
    // Bump when the on-disk layout or the meaning of an index changes, so old caches are not reused.
    private const int FormatVersion = 1;

    public string Canonical =>
        $"v{FormatVersion}|kind={Kind}|corpus={CorpusHash}|chunking={Chunking}|embedder={Embedder}|factory={Factory}|metric={Metric}";

    /// <summary>The cache folder's name: readable kind plus a hash of the whole key.</summary>
    public string DirectoryName
    {
        get
        {
            var hash = Hashing.OfText(Canonical);
            var safeKind = new string(Kind.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray());
            return $"{safeKind}-{hash[..16]}";
        }
    }
}
