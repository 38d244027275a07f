using System.Security.Cryptography;
using System.Text;
using Harness.Core.Running;
using Harness.Core.Suites;
using NUnit.Framework;

namespace Harness.Core.Tests.Running;

/// <summary>The fingerprint that decides which shards belong together (resuming reads the whole <see cref="RunConfiguration"/>: ResumeTests).</summary>
public sealed class RunConfigurationTests
{
    private string _folder = "";

    [SetUp]
    public void WriteSuite() => _folder = Directory.CreateTempSubdirectory("harness-config-").FullName;

    [TearDown]
    public void RemoveSuite() => Directory.Delete(_folder, recursive: true);

    private SuiteDefinition Suite()
    {
        var path = Path.Combine(_folder, "s.yaml");
        File.WriteAllText(path, "name: s\n");
        return new SuiteDefinition { Name = "s", Dataset = "fixture", Pipelines = [], SourcePath = path };
    }

    [Test]
    public void ShardsAreOneRunOnlyUnderOneCpuVariant()
    {
        var suite = Suite();

        var portable = SuiteRunner.ShardFingerprint(suite, seed: 1, limit: 8, cpuVariant: "portable");

        Assert.Multiple(() =>
        {
            Assert.That(SuiteRunner.ShardFingerprint(suite, 1, 8, "portable"), Is.EqualTo(portable));
            Assert.That(SuiteRunner.ShardFingerprint(suite, 1, 8, "native"), Is.Not.EqualTo(portable), "native kernels give other numbers: another run");
            // The suite's text, then one line per setting (no pipelines here); the variant's line comes last.
            Assert.That(portable, Is.EqualTo(Sha256("name: s\n\nseed=1\nlimit=8\npipelines=\ncpu_variant=portable")));
        });
    }

    [Test]
    public void AShardFingerprintWithoutAVariantIsTheOneRecordedBeforeVariantsExisted()
    {
        // Shards from before the variant was part of the fingerprint still merge under a harness that records none.
        Assert.That(SuiteRunner.ShardFingerprint(Suite(), 1, 8, cpuVariant: null), Is.EqualTo(Sha256("name: s\n\nseed=1\nlimit=8\npipelines=")));
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
