using Harness.Llama.Native;

namespace Harness.Llama;

/// <summary>
/// A LoRA adapter loaded for one model. It is applied per generation call (with a scale, see
/// <see cref="LoraSetting"/>), never left on a context, so one context serves base and adapted runs.
/// </summary>
public sealed class LlamaLoraAdapter : IDisposable
{
    internal LlamaLoraAdapter(SafeLlamaAdapterHandle handle, string path)
    {
        Handle = handle;
        Path = path;
    }

    public string Path { get; }

    internal SafeLlamaAdapterHandle Handle { get; }

    public void Dispose() => Handle.Dispose();
}

/// <summary>An adapter and the scale to apply it with (1 = as trained, 0 = off).</summary>
public sealed record LoraSetting(LlamaLoraAdapter Adapter, float Scale = 1f);
