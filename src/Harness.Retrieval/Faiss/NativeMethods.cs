using System.Runtime.InteropServices;

namespace Harness.Retrieval.Faiss;

/// <summary>The extern "C" functions of native/faiss/shim.cpp; each returns 0, or -1 with a message in <see cref="LastError"/>.</summary>
internal static partial class NativeMethods
{
    public const string Library = "harness_faiss";

    [LibraryImport(Library, EntryPoint = "harness_faiss_last_error")]
    private static partial IntPtr LastErrorPointer();

    public static string LastError() => Marshal.PtrToStringUTF8(LastErrorPointer()) ?? "";

    [LibraryImport(Library, EntryPoint = "harness_faiss_create", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Create(string factory, int dimension, int metric, out FaissIndexHandle index);

    [LibraryImport(Library, EntryPoint = "harness_faiss_is_trained")]
    public static partial int IsTrained(FaissIndexHandle index, out int trained);

    [LibraryImport(Library, EntryPoint = "harness_faiss_train")]
    public static partial int Train(FaissIndexHandle index, long count, ReadOnlySpan<float> vectors);

    [LibraryImport(Library, EntryPoint = "harness_faiss_add")]
    public static partial int Add(FaissIndexHandle index, long count, ReadOnlySpan<float> vectors);

    [LibraryImport(Library, EntryPoint = "harness_faiss_search")]
    public static partial int Search(FaissIndexHandle index, long count, ReadOnlySpan<float> queries, long k, Span<float> distances, Span<long> labels);

    [LibraryImport(Library, EntryPoint = "harness_faiss_set_parameters", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int SetParameters(FaissIndexHandle index, string parameters);

    [LibraryImport(Library, EntryPoint = "harness_faiss_ntotal")]
    public static partial int Count(FaissIndexHandle index, out long count);

    [LibraryImport(Library, EntryPoint = "harness_faiss_dimension")]
    public static partial int Dimension(FaissIndexHandle index, out int dimension);

    [LibraryImport(Library, EntryPoint = "harness_faiss_metric")]
    public static partial int Metric(FaissIndexHandle index, out int metric);

    [LibraryImport(Library, EntryPoint = "harness_faiss_write", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Write(FaissIndexHandle index, string path);

    [LibraryImport(Library, EntryPoint = "harness_faiss_read", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Read(string path, out FaissIndexHandle index);

    [LibraryImport(Library, EntryPoint = "harness_faiss_free")]
    public static partial void Free(IntPtr index);
}
