using System.Runtime.InteropServices;
using LLama.Native;

namespace Harness.Llama.Native;

/// <summary>
/// A llama_adapter_lora* on LLamaSharp's model handle. Like LLamaSharp's contexts it holds a reference on
/// the model, so the weights outlive every adapter whatever order the owners dispose them in.
/// </summary>
internal sealed class SafeLlamaAdapterHandle : SafeHandle
{
    private readonly SafeLlamaModelHandle _model;

    private SafeLlamaAdapterHandle(SafeLlamaModelHandle model)
        : base(0, ownsHandle: true) => _model = model;

    public override bool IsInvalid => handle == 0;

    /// <summary>Loads an adapter, or returns an invalid handle when llama.cpp refuses it (its tensors do not fit the model).</summary>
    public static SafeLlamaAdapterHandle Create(SafeLlamaModelHandle model, string path)
    {
        var result = new SafeLlamaAdapterHandle(model);
        var added = false;
        model.DangerousAddRef(ref added);
        var adapter = NativeMethods.AdapterLoraInit(model, path);
        if (adapter == 0)
        {
            model.DangerousRelease();
            result.SetHandleAsInvalid();
            return result;
        }
        result.SetHandle(adapter);
        return result;
    }

    protected override bool ReleaseHandle()
    {
        NativeMethods.AdapterLoraFree(handle);
        _model.DangerousRelease();
        return true;
    }
}
