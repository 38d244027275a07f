using System.Text.RegularExpressions;
using BERTTokenizers.Base;
using Microsoft.Extensions.AI;
using SentenceTransformers;

namespace Harness.Retrieval.Embeddings;

/// <summary>
/// A <see cref="SentenceModel"/> behind <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>: texts
/// are embedded in batches of similar length (each batch is padded to its longest text), and a text
/// longer than the model's window is cut at the last whole word that fits — counted in
/// <see cref="EmbeddingWindow"/>, because the model never sees the rest.
/// </summary>
public sealed partial class SentenceEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>Texts per ONNX run: big enough to use both cores, small enough to keep padding cheap.</summary>
    public const int BatchSize = 16;

    private readonly SentenceModel _model;
    private readonly ISentenceEncoder _encoder;
    private readonly TokenizerBase _tokenizer;
    private readonly EmbeddingWindow _window;
    private readonly EmbeddingGeneratorMetadata _metadata;

    public SentenceEmbeddingGenerator(SentenceModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
        _encoder = model.CreateEncoder();
        _tokenizer = model.CreateTokenizer();
        _window = new EmbeddingWindow(model.Window);
        _metadata = new EmbeddingGeneratorMetadata("SentenceTransformers", null, model.Source, SentenceModel.Dimension);
    }

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var query = EmbeddingPurpose.IsQuery(options);
        var prepared = values.Select(v => Prepare(query && _model.QueryPrefix is { } prefix ? prefix + v : v)).ToArray();
        // The window is reported for the chunks an index holds; a long query is cut the same way.
        if (!query)
        {
            _window.Count(prepared.Length, prepared.Count(p => p.Truncated));
        }
        var vectors = new float[prepared.Length][];
        var byLength = Enumerable.Range(0, prepared.Length).OrderBy(i => prepared[i].Tokens).ToArray();
        foreach (var batch in byLength.Chunk(BatchSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var encoded = _encoder.Encode([.. batch.Select(i => prepared[i].Text)], cancellationToken);
            for (var j = 0; j < batch.Length; j++)
            {
                vectors[batch[j]] = encoded[j];
            }
        }
        var embeddings = new GeneratedEmbeddings<Embedding<float>>(vectors.Select(v => new Embedding<float>(v) { ModelId = _model.Source }));
        return Task.FromResult(embeddings);
    }

    /// <summary>How many word pieces the model reads of a text, [CLS] and [SEP] included, before any cut.</summary>
    public int CountTokens(string text) => 2 + Words(text).Sum(WordPieces);

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }
        return serviceType == typeof(EmbeddingWindow) ? _window
            : serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    public void Dispose() => (_encoder as IDisposable)?.Dispose();

    /// <summary>
    /// The package's tokenizer splits words on spaces only (a newline or tab would glue two words into
    /// one unknown token), so whitespace is made single spaces; then the words that fit the window.
    /// </summary>
    private (string Text, int Tokens, bool Truncated) Prepare(string text)
    {
        var words = Words(text);
        var tokens = 2;
        for (var i = 0; i < words.Length; i++)
        {
            var pieces = WordPieces(words[i]);
            if (tokens + pieces > _model.Window)
            {
                return (string.Join(' ', words[..i]), tokens, true);
            }
            tokens += pieces;
        }
        return (string.Join(' ', words), tokens, false);
    }

    private static string[] Words(string text) => Whitespace().Split(text.Trim());

    // The tokenizer adds [CLS] and [SEP] around every text it is given.
    private int WordPieces(string word) => _tokenizer.Tokenize(int.MaxValue, word)[0].Length - 2;

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
