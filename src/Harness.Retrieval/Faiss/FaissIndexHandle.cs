using System.Runtime.InteropServices;

namespace Harness.Retrieval.Faiss;

/// <summary>Owns a native faiss::Index*; freed exactly once, whoever disposes last.</summary>
internal sealed class FaissIndexHandle() : SafeHandle(IntPtr.Zero, ownsHandle: true)
{
    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        NativeMethods.Free(handle);
        return true;
    }
}
