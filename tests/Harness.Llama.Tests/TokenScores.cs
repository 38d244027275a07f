using Harness.Llama.Generation;

namespace Harness.Llama.Tests;

/// <summary>
/// What the model-backed tests measure instead of trusting one greedy text: the log-probability of a
/// continuation, and how far the greedy token leads the runner-up at each step. A test that expects an exact
/// text holds on every CPU only while each step's lead is far larger than what another set of kernels moves a
/// lead (docs/cpu-variants.md: at most 0.004 for stories260K over the noavx, avx, avx2 and avx512 natives).
/// </summary>
internal static class TokenScores
{
    /// <summary>log P(<paramref name="continuation"/> | <paramref name="prompt"/>): the continuation's tokens' log-probabilities, summed.</summary>
    public static double ContinuationLogProbability(LlamaModel model, string prompt, string continuation, IReadOnlyList<LoraSetting>? adapters = null)
    {
        var promptTokens = model.Tokenize(prompt);
        var tokens = model.Tokenize(prompt + continuation);
        Assert.That(tokens.Take(promptTokens.Length), Is.EqualTo(promptTokens), $"'{prompt}' tokenizes the same alone and before '{continuation}'");
        using var context = model.CreateContext(new LlamaContextOptions { ContextSize = 256, BatchSize = 256, Threads = 1, BatchThreads = 1 });
        context.SetAdapters(adapters ?? []);
        for (var i = 0; i < tokens.Length; i++)
        {
            context.AddToBatch(tokens[i], i, 0, outputLogits: true);
        }
        context.Decode();
        var sum = 0.0;
        for (var i = promptTokens.Length; i < tokens.Length; i++)
        {
            sum += Logits.LogSoftmax(context.GetLogits(i - 1), tokens[i]);
        }
        return sum;
    }

    /// <summary>
    /// Greedy decoding of <paramref name="steps"/> tokens: each step's chosen piece (the text it adds after the prompt
    /// and the pieces before it: a token detokenized alone would lose its leading space) and its logit's lead over the runner-up.
    /// </summary>
    public static IReadOnlyList<(string Piece, float Lead)> GreedyLeads(LlamaModel model, string prompt, int steps, IReadOnlyList<LoraSetting>? adapters = null)
    {
        var tokens = model.Tokenize(prompt);
        using var context = model.CreateContext(new LlamaContextOptions { ContextSize = 256, BatchSize = 256, Threads = 1, BatchThreads = 1 });
        context.SetAdapters(adapters ?? []);
        for (var i = 0; i < tokens.Length; i++)
        {
            context.AddToBatch(tokens[i], i, 0, outputLogits: i == tokens.Length - 1);
        }
        var leads = new List<(string, float)>();
        var sequence = new List<int>(tokens);
        for (var position = tokens.Length; leads.Count < steps; position++)
        {
            context.Decode();
            var logits = context.GetLogits(context.PendingTokens - 1);
            var (best, runnerUp) = (0, 1);
            if (logits[runnerUp] > logits[best])
            {
                (best, runnerUp) = (runnerUp, best);
            }
            for (var t = 2; t < logits.Length; t++)
            {
                if (logits[t] > logits[best])
                {
                    (best, runnerUp) = (t, best);
                }
                else if (logits[t] > logits[runnerUp])
                {
                    runnerUp = t;
                }
            }
            var before = model.Detokenize([.. sequence]);
            sequence.Add(best);
            leads.Add((model.Detokenize([.. sequence])[before.Length..], logits[best] - logits[runnerUp]));
            if (best == model.EosToken)
            {
                break;
            }
            context.ClearBatch();
            context.AddToBatch(best, position, 0, outputLogits: true);
        }
        return leads;
    }
}
