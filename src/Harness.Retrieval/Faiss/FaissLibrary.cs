using System.Reflection;
using System.Runtime.InteropServices;
using Harness.Core;

namespace Harness.Retrieval.Faiss;

/// <summary>
/// Points the runtime at the shim the bootstrap builds into the cache
/// (.cache/native/faiss/libharness_faiss.so), before the first FAISS call.
/// </summary>
internal static class FaissLibrary
{
    private static readonly Lazy<bool> _resolverSet = new(() =>
    {
        NativeLibrary.SetDllImportResolver(typeof(FaissLibrary).Assembly, Resolve);
        return true;
    });

    public static string LibraryPath => Path.Combine(RepositoryPaths.Cache, "native", "faiss", "libharness_faiss.so");

    public static void EnsureResolvable() => _ = _resolverSet.Value;

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != NativeMethods.Library)
        {
            return IntPtr.Zero;
        }
        var path = LibraryPath;
        if (!File.Exists(path))
        {
            throw new FaissException($"the FAISS shim is not built ({path} is missing) - run: bash native/bootstrap.sh");
        }
        return NativeLibrary.Load(path);
    }
}
