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
/// the context, whatever order the owners dispose them in; it also owns the context's ggml thread
/// pool, freed right after the context.
/// </summary>
internal sealed unsafe class SafeLlamaContextHandle : SafeHandle
{
    private const int CpuDeviceType = 0; // GGML_BACKEND_DEVICE_TYPE_CPU

    private readonly SafeLlamaModelHandle _model;
    private nint _threadpool;
    private delegate* unmanaged[Cdecl]<nint, void> _threadpoolFree;

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
        result.AttachThreadpool(Math.Max(parameters.Threads, parameters.BatchThreads));
        return result;
    }

    protected override bool ReleaseHandle()
    {
        NativeMethods.Free(handle);
        if (_threadpool != 0)
        {
            _threadpoolFree(_threadpool);
        }
        _model.DangerousRelease();
        return true;
    }

    /// <summary>
    /// Without a pool of its own, ggml starts and joins fresh worker threads for every decode (the
    /// prebuilt libraries use ggml's thread pool, not OpenMP); llama-bench attaches one the same way.
    /// The pool functions live in the CPU backend library loaded at run time, so they are looked up there.
    /// </summary>
    private void AttachThreadpool(int threads)
    {
        if (threads <= 1)
        {
            return; // one thread computes on the caller's thread: no workers to keep
        }
        var device = NativeMethods.GgmlBackendDeviceByType(CpuDeviceType);
        var registry = device == 0 ? 0 : NativeMethods.GgmlBackendDeviceRegistry(device);
        var create = registry == 0 ? 0 : NativeMethods.GgmlBackendRegistryGetProcAddress(registry, "ggml_threadpool_new");
        var free = registry == 0 ? 0 : NativeMethods.GgmlBackendRegistryGetProcAddress(registry, "ggml_threadpool_free");
        if (create == 0 || free == 0)
        {
            return; // an older CPU backend: ggml falls back to a pool per decode, slower but correct
        }
        var parameters = NativeMethods.GgmlThreadpoolParamsDefault(threads);
        var pool = ((delegate* unmanaged[Cdecl]<GgmlThreadpoolParams*, nint>)create)(&parameters);
        if (pool == 0)
        {
            return;
        }
        _threadpool = pool;
        _threadpoolFree = (delegate* unmanaged[Cdecl]<nint, void>)free;
        NativeMethods.AttachThreadpool(handle, pool, pool);
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
