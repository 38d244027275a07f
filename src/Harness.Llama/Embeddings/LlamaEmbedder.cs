using System.Numerics.Tensors;

namespace Harness.Llama.Embeddings;

/// <summary>
/// Text embeddings from a model: the mean of the last layer's token states (llama.cpp's mean
/// pooling), scaled to unit length. Thread-safe: calls take turns on the one context.
/// </summary>
public sealed class LlamaEmbedder : IDisposable
{
    private readonly LlamaContext _context;
    private readonly Lock _gate = new();

    /// <summary>Creates the embedding context; <paramref name="contextSize"/> is the most tokens one text may have (0: the model's training context).</summary>
    public LlamaEmbedder(LlamaModel model, int contextSize = 0, int threads = 0)
    {
        ArgumentNullException.ThrowIfNull(model);
        Model = model;
        var size = contextSize > 0 ? contextSize : model.Info.ContextLength;
        // A whole text is decoded in one batch: pooling needs every token in the same ubatch.
        _context = model.CreateContext(new LlamaContextOptions { ContextSize = size, BatchSize = size, Threads = threads, Embeddings = true });
    }

    public LlamaModel Model { get; }

    public int Dimension => Model.Info.EmbeddingSize;

    /// <summary>Most tokens one text may have.</summary>
    public int MaxTokens => _context.ContextSizePerSequence;

    public float[] Embed(string text) => Embed(text, out _);

    /// <summary>Embeds <paramref name="text"/> and says how many tokens it had.</summary>
    public float[] Embed(string text, out int tokenCount)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = Model.Tokenize(text);
        tokenCount = tokens.Length;
        if (tokens.Length == 0)
        {
            throw new ArgumentException("cannot embed an empty text (the model adds no BOS token)", nameof(text));
        }
        if (tokens.Length > MaxTokens)
        {
            throw new PromptTooLongException(tokens.Length, MaxTokens);
        }
        var vector = new float[Dimension];
        lock (_gate)
        {
            _context.ClearMemory();
            _context.ClearBatch();
            for (var i = 0; i < tokens.Length; i++)
            {
                _context.AddToBatch(tokens[i], i, 0, true);
            }
            _context.Decode();
            _context.GetSequenceEmbedding(0).CopyTo(vector);
        }
        var norm = TensorPrimitives.Norm(vector);
        if (norm > 0)
        {
            TensorPrimitives.Divide(vector, norm, vector);
        }
        return vector;
    }

    public IReadOnlyList<float[]> Embed(IEnumerable<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        return [.. texts.Select(Embed)];
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _context.Dispose();
        }
    }
}
