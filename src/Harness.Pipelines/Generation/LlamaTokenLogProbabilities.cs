using Harness.Core;
using Harness.Core.Models;
using Harness.Llama;
using Harness.Llama.Generation;

namespace Harness.Pipelines.Generation;

/// <summary>
/// Token log-probabilities of a text under a local model, for the fluency metric: the text is
/// tokenised (with the model's beginning-of-sequence token when it adds one), decoded in one batch
/// with logits at every position, and each next token is read off the log-softmax. Uses only the
/// model's public surface (tokenise, batch, decode, logits). One context, used by one case at a time.
/// </summary>
public sealed class LlamaTokenLogProbabilities : ITokenLogProbabilities, IDisposable
{
    private readonly LlamaModel _model;
    private readonly LlamaContext _context;
    private readonly SemaphoreSlim _gate = new(1, 1);

    private LlamaTokenLogProbabilities(string name, LlamaModel model, int threads)
    {
        Name = name;
        _model = model;
        _context = model.CreateContext(new LlamaContextOptions { ContextSize = 512, BatchSize = 512, Threads = threads, BatchThreads = threads });
    }

    public string Name { get; }

    /// <summary>Loads the model card's file (checked against its sha256) with its own context.</summary>
    public static LlamaTokenLogProbabilities Load(ResolvedModel model, int threads = 1)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new LlamaTokenLogProbabilities(model.Name, LlamaModel.Load(model.Path, new LlamaModelOptions { ExpectedSha256 = model.Sha256, Sha256Of = Hashing.OfStampedFile }), threads);
    }

    public async ValueTask<IReadOnlyList<double>> ScoreAsync(string text, CancellationToken cancellationToken)
    {
        // A long answer is scored on its first context's worth of tokens; answers are far shorter.
        var tokens = _model.Tokenize(text, addSpecial: true).Take(_context.BatchCapacity).ToArray();
        if (tokens.Length < 2)
        {
            return [];
        }
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _context.ClearMemory();
            _context.ClearBatch();
            for (var i = 0; i < tokens.Length; i++)
            {
                _context.AddToBatch(tokens[i], i, 0, outputLogits: i < tokens.Length - 1);
            }
            _context.Decode();
            var scores = new double[tokens.Length - 1];
            for (var i = 0; i < scores.Length; i++)
            {
                scores[i] = Logits.LogSoftmax(_context.GetLogits(i), tokens[i + 1]);
            }
            return scores;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _context.Dispose();
        _model.Dispose();
        _gate.Dispose();
    }
}
