using System.Runtime.InteropServices;

namespace Harness.Llama.Native;

/// <summary>A llama_model*; freed with llama_model_free once nothing (context, adapter) holds it.</summary>
internal sealed class SafeLlamaModelHandle : SafeHandle
{
    public SafeLlamaModelHandle()
        : base(0, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle()
    {
        NativeMethods.ModelFree(handle);
        return true;
    }
}

/// <summary>
/// A llama_context*. It keeps a reference on its model's handle, so the model is freed only after
/// the context, whatever order the owners dispose them in.
/// </summary>
internal sealed class SafeLlamaContextHandle : SafeHandle
{
    private readonly SafeLlamaModelHandle _model;

    private SafeLlamaContextHandle(SafeLlamaModelHandle model)
        : base(0, ownsHandle: true) => _model = model;

    public override bool IsInvalid => handle == 0;

    /// <summary>Creates a context, or returns an invalid handle when llama.cpp refuses the parameters.</summary>
    public static SafeLlamaContextHandle Create(SafeLlamaModelHandle model, LlamaContextParams parameters)
    {
        var result = new SafeLlamaContextHandle(model);
        var added = false;
        model.DangerousAddRef(ref added);
        var context = NativeMethods.InitFromModel(model, parameters);
        if (context == 0)
        {
            model.DangerousRelease();
            result.SetHandleAsInvalid();
            return result;
        }
        result.SetHandle(context);
        return result;
    }

    protected override bool ReleaseHandle()
    {
        NativeMethods.Free(handle);
        _model.DangerousRelease();
        return true;
    }
}

/// <summary>A llama_adapter_lora*; like a context it keeps its model alive (the model frees leftover adapters).</summary>
internal sealed class SafeLlamaAdapterHandle : SafeHandle
{
    private readonly SafeLlamaModelHandle _model;

    private SafeLlamaAdapterHandle(SafeLlamaModelHandle model)
        : base(0, ownsHandle: true) => _model = model;

    public override bool IsInvalid => handle == 0;

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

/// <summary>A llama_sampler* (here always a chain, which owns the samplers added to it).</summary>
internal sealed class SafeLlamaSamplerHandle : SafeHandle
{
    public SafeLlamaSamplerHandle()
        : base(0, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle()
    {
        NativeMethods.SamplerFree(handle);
        return true;
    }
}
