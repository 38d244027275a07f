using System.Numerics.Tensors;
using Harness.Llama.Native;

namespace Harness.Llama.Generation;

/// <summary>
/// A llama.cpp sampler chain built from <see cref="SamplingOptions"/>, one per sequence (it keeps
/// grammar and RNG state). Plain greedy sampling needs no chain: it is the first largest logit,
/// exactly what llama.cpp's greedy sampler picks, without copying the vocabulary into candidates.
/// </summary>
internal sealed class SamplerChain : IDisposable
{
    private readonly SafeLlamaSamplerHandle? _handle;

    public SamplerChain(LlamaModel model, SamplingOptions options)
    {
        if (options.IsGreedy && string.IsNullOrEmpty(options.Grammar))
        {
            return;
        }
        var parameters = NativeMethods.SamplerChainDefaultParams();
        _handle = NativeMethods.SamplerChainInit(parameters);
        if (_handle.IsInvalid)
        {
            throw new LlamaException("llama.cpp could not create a sampler chain");
        }
        if (options.Grammar is { Length: > 0 } grammar)
        {
            Add(NativeMethods.SamplerInitGrammar(model.Vocab, grammar, options.GrammarRoot),
                $"the grammar does not parse (root rule '{options.GrammarRoot}') - check its GBNF syntax");
        }
        if (options.IsGreedy)
        {
            Add(NativeMethods.SamplerInitGreedy(), "llama.cpp could not create the greedy sampler");
        }
        else
        {
            if (options.TopK > 0)
            {
                Add(NativeMethods.SamplerInitTopK(options.TopK), "llama.cpp could not create the top-k sampler");
            }
            if (options.TopP < 1f)
            {
                Add(NativeMethods.SamplerInitTopP(options.TopP, 1), "llama.cpp could not create the top-p sampler");
            }
            if (options.MinP > 0f)
            {
                Add(NativeMethods.SamplerInitMinP(options.MinP, 1), "llama.cpp could not create the min-p sampler");
            }
            Add(NativeMethods.SamplerInitTemperature(options.Temperature), "llama.cpp could not create the temperature sampler");
            Add(NativeMethods.SamplerInitDist(options.Seed), "llama.cpp could not create the dist sampler");
        }
        var added = false;
        _handle.DangerousAddRef(ref added);
        Pointer = _handle.DangerousGetHandle();
    }

    /// <summary>The raw chain (0 for plain greedy), valid until <see cref="Dispose"/> (this object holds a reference).</summary>
    public nint Pointer { get; }

    /// <summary>Samples from the logits of batch index <paramref name="batchIndex"/> and accepts the token into the chain's state.</summary>
    public int Sample(LlamaContext context, int batchIndex) =>
        Pointer == 0
            ? TensorPrimitives.IndexOfMax(context.GetLogits(batchIndex))
            : NativeMethods.SamplerSample(Pointer, context.Pointer, batchIndex);

    public void Dispose()
    {
        if (_handle is not null && !_handle.IsClosed)
        {
            _handle.DangerousRelease();
            _handle.Dispose();
        }
    }

    private void Add(nint sampler, string failure)
    {
        if (sampler == 0)
        {
            _handle!.Dispose();
            throw new LlamaException(failure);
        }
        NativeMethods.SamplerChainAdd(_handle!, sampler);
    }
}
