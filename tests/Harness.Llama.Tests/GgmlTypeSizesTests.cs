using Harness.Llama.Gguf;
using Harness.Llama.Native;

namespace Harness.Llama.Tests;

/// <summary>The GGUF reader checks tensor sizes with its own table, before llama.cpp is loaded; it must agree with the ggml LLamaSharp loads.</summary>
[TestFixture]
public class GgmlTypeSizesTests
{
    // Type ids 0..42: every ggml type up to q2_0, the last one the table knows.
    private static IEnumerable<int> TypeIds() => Enumerable.Range(0, 43);

    [OneTimeSetUp]
    public void LoadLlamaCpp() => LlamaNativeLibrary.EnsureInitialized();

    [TestCaseSource(nameof(TypeIds))]
    public void TableAgreesWithTheLoadedGgml(int type)
    {
        var blockSize = NativeMethods.GgmlBlockSize(type);
        var blockBytes = (long)NativeMethods.GgmlTypeSize(type);
        // 1,024 blocks of the type: ggml's own size is 1,024 × bytes per block; removed types (block size 0) are unknown.
        var elements = 1024 * blockSize;
        var expected = blockSize == 0 ? (long?)null : 1024 * blockBytes;
        Assert.That(GgmlTypeSizes.ByteSize((uint)type, elements == 0 ? 1024 : elements), Is.EqualTo(expected));
    }
}
