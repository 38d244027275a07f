using System.Numerics.Tensors;
using Harness.Llama.Native;
using LLama.Native;

namespace Harness.Llama.Generation;

/// <summary>
/// A llama.cpp sampler chain (LLamaSharp's <see cref="SafeLLamaSamplerChainHandle"/>) built from
/// <see cref="SamplingOptions"/>, one per sequence (it keeps grammar and RNG state). Plain greedy
/// sampling needs no chain: it is the first largest logit, exactly what llama.cpp's greedy sampler
/// picks, without copying the vocabulary into candidates.
/// </summary>
internal sealed class SamplerChain : IDisposable
{
    private readonly SafeLLamaSamplerChainHandle? _chain;

    public SamplerChain(LlamaModel model, SamplingOptions options)
    {
        if (options.IsGreedy && string.IsNullOrEmpty(options.Grammar))
        {
            return;
        }
        _chain = SafeLLamaSamplerChainHandle.Create(LLamaSamplerChainParams.Default());
        if (_chain.IsInvalid)
        {
            throw new LlamaException("llama.cpp could not create a sampler chain");
        }
        try
        {
            if (options.Grammar is { Length: > 0 } grammar)
            {
                AddGrammar(model, grammar, options.GrammarRoot);
            }
            if (options.IsGreedy)
            {
                _chain.AddGreedySampler();
                return;
            }
            if (options.TopK > 0)
            {
                _chain.AddTopK(options.TopK);
            }
            if (options.TopP < 1f)
            {
                _chain.AddTopP(options.TopP, 1);
            }
            if (options.MinP > 0f)
            {
                _chain.AddMinP(options.MinP, 1);
            }
            _chain.AddTemperature(options.Temperature);
            _chain.AddDistributionSampler(options.Seed);
        }
        catch
        {
            _chain.Dispose();
            throw;
        }
    }

    /// <summary>Samples from the logits of batch index <paramref name="batchIndex"/> and accepts the token into the chain's state.</summary>
    public int Sample(LlamaContext context, int batchIndex) =>
        _chain is null
            ? TensorPrimitives.IndexOfMax(context.GetLogits(batchIndex))
            : (int)_chain.Sample(context.Handle, batchIndex);

    public void Dispose() => _chain?.Dispose();

    private void AddGrammar(LlamaModel model, string grammar, string root)
    {
        var sampler = NativeMethods.SamplerInitGrammar(model.VocabPointer, grammar, root);
        if (sampler == 0)
        {
            throw new LlamaException($"the grammar does not parse (root rule '{root}') - check its GBNF syntax");
        }
        NativeMethods.SamplerChainAdd(_chain!, sampler);
    }
}
