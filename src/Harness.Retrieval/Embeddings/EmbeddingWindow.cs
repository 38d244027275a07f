using System.Globalization;
using Microsoft.Extensions.AI;

namespace Harness.Retrieval.Embeddings;

/// <summary>
/// What an embedder with a fixed input window did to the texts it embedded: how many it saw and how
/// many were longer than the window and cut (the model never sees their tail). Ask an embedder for
/// it with <c>GetService&lt;EmbeddingWindow&gt;()</c>; embedders without a window return null.
/// </summary>
public sealed class EmbeddingWindow(int tokens)
{
    private long _texts;
    private long _truncated;

    /// <summary>The model's input window in word pieces, [CLS] and [SEP] included.</summary>
    public int Tokens { get; } = tokens;

    public long Texts => Interlocked.Read(ref _texts);

    public long Truncated => Interlocked.Read(ref _truncated);

    internal void Count(int texts, int truncated)
    {
        Interlocked.Add(ref _texts, texts);
        Interlocked.Add(ref _truncated, truncated);
    }

    /// <summary>"N of M chunks truncated to 256 tokens" for logs, bench output and run records.</summary>
    public static string Describe(long truncated, long texts, int window) =>
        string.Create(CultureInfo.InvariantCulture, $"{truncated} of {texts} chunks truncated to {window} tokens");

    /// <summary>The window of an embedder, or null when it has none (LSA, GGUF models embed whole texts).</summary>
    public static EmbeddingWindow? Of(IEmbeddingGenerator<string, Embedding<float>> embedder)
    {
        ArgumentNullException.ThrowIfNull(embedder);
        return embedder.GetService<EmbeddingWindow>();
    }
}
