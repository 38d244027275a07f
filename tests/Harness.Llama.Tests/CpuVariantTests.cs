using Harness.Llama.Native;

namespace Harness.Llama.Tests;

/// <summary>The CPU variant decides which of LLamaSharp's natives load (docs/cpu-variants.md).</summary>
[TestFixture]
[Category(TestModels.Category)]
public class CpuVariantTests
{
    [OneTimeSetUp]
    public void LoadLlamaCpp() => LlamaNativeLibrary.EnsureInitialized();

    [Test]
    public void ThePinnedVariantLoadsExactlyItsNatives()
    {
        // portable pins LLamaSharp's avx2 folder; the named levels pin their own; native lets LLamaSharp choose.
        var folder = LlamaNativeLibrary.CpuVariant switch
        {
            CpuVariants.Portable => "avx2",
            CpuVariants.Native => null,
            var named => named,
        };
        if (folder is null)
        {
            Assert.Ignore("the native variant lets LLamaSharp pick the natives for this CPU");
        }

        Assert.That(LlamaNativeLibrary.LibraryPath, Does.Contain($"{Path.DirectorySeparatorChar}{folder}{Path.DirectorySeparatorChar}"));
        Assert.That(LlamaNativeLibrary.BuildIdentity(), Does.Contain($"({folder}, cpu variant {LlamaNativeLibrary.CpuVariant})"));
    }

    [Test]
    public void AProcessThatHasLoadedOneVariantRefusesToSwitch()
    {
        var other = LlamaNativeLibrary.CpuVariant == CpuVariants.Native ? CpuVariants.Portable : CpuVariants.Native;

        var error = Assert.Throws<LlamaNativeException>(() => LlamaNativeLibrary.UseCpuVariant(other));

        Assert.That(error!.Message, Does.Contain($"cannot switch to '{other}'"));
    }

    [Test]
    public void AnUnknownVariantIsRefusedNamingTheChoices()
    {
        var error = Assert.Throws<LlamaNativeException>(() => CpuVariants.Normalize("fastest", "--cpu-variant"));

        Assert.That(error!.Message, Is.EqualTo("--cpu-variant is 'fastest', not a CPU variant - use portable, native, noavx, avx, avx2, avx512 (docs/cpu-variants.md)"));
    }

    [Test]
    public void OnlyTheNativeVariantTrainsAndBenchmarksOnTheNativeToolsBuild()
    {
        Assert.Multiple(() =>
        {
            Assert.That(CpuVariants.ToolsBuildName(CpuVariants.Portable), Is.EqualTo("llama-cpp"));
            Assert.That(CpuVariants.ToolsBuildName("noavx"), Is.EqualTo("llama-cpp"));
            Assert.That(CpuVariants.ToolsBuildName(CpuVariants.Native), Is.EqualTo("llama-cpp-native"));
        });
    }
}
