using System.Security.Cryptography;
using System.Text;

namespace Harness.Llama.Tests;

/// <summary>Bad model files are refused in C#, before llama.cpp (which may abort the process) sees them.</summary>
[TestFixture]
public class ModelFileValidationTests
{
    private string _directory = null!;

    [SetUp]
    public void CreateDirectory()
    {
        _directory = Path.Combine(Path.GetTempPath(), "harness-llama-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
    }

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public void MissingFileThrowsFileNotFoundNamingThePath()
    {
        var path = Path.Combine(_directory, "absent.gguf");
        var error = Assert.Throws<ModelFileNotFoundException>(() => LlamaModel.Load(path));
        Assert.That(error!.Path, Is.EqualTo(path));
        Assert.That(error.Message, Does.Contain(path));
    }

    [Test]
    public void TextFileNamedGgufIsRejectedForItsMagic()
    {
        var path = Write("notes.gguf", Encoding.UTF8.GetBytes("These are notes, not a model. They are long enough to hold a header."));
        var error = Assert.Throws<InvalidModelFileException>(() => LlamaModel.Load(path));
        Assert.That(error!.Path, Is.EqualTo(path));
        Assert.That(error.Message, Does.Contain("GGUF"));
    }

    [Test]
    public void FileShorterThanAHeaderIsRejected()
    {
        var path = Write("tiny.gguf", Encoding.ASCII.GetBytes("GGUF"));
        var error = Assert.Throws<InvalidModelFileException>(() => LlamaModel.Load(path));
        Assert.That(error!.Message, Does.Contain(path));
    }

    [TestCase(1u)]
    [TestCase(4u)]
    [TestCase(0xFFFFu)]
    public void UnsupportedGgufVersionIsRejectedWithTheVersion(uint version)
    {
        var path = Write("future.gguf", new GgufBuilder(version).Tensor("w", 4).Build());
        var error = Assert.Throws<InvalidModelFileException>(() => LlamaModel.Load(path));
        Assert.That(error!.Path, Is.EqualTo(path));
        Assert.That(error.Message, Does.Contain($"version {version}"));
    }

    [Test]
    public void GgufWhoseTensorDataIsCutOffIsRejectedAsTruncated()
    {
        var complete = new GgufBuilder(3).String("general.architecture", "llama").Tensor("w", 64).Build();
        var path = Write("cut.gguf", complete[..^10]);
        var error = Assert.Throws<InvalidModelFileException>(() => LlamaModel.Load(path));
        Assert.That(error!.Message, Does.Contain("truncated").And.Contain(path));
    }

    [Test]
    public void GgufCutInsideItsMetadataIsRejectedAsTruncated()
    {
        var complete = new GgufBuilder(3).String("general.architecture", "llama").String("general.name", new string('x', 200)).Build();
        var path = Write("cut-metadata.gguf", complete[..60]);
        var error = Assert.Throws<InvalidModelFileException>(() => LlamaModel.Load(path));
        Assert.That(error!.Message, Does.Contain("truncated"));
    }

    [Test]
    public void HeaderClaimingMoreEntriesThanTheFileHoldsIsRejected()
    {
        var bytes = new GgufBuilder(3).Build();
        BitConverter.GetBytes(ulong.MaxValue).CopyTo(bytes, 16);
        var path = Write("huge-count.gguf", bytes);
        Assert.Throws<InvalidModelFileException>(() => LlamaModel.Load(path));
    }

    [Test]
    [Category(TestModels.Category)]
    public void TruncatedRealModelIsRejectedAndTheProcessLivesOn()
    {
        var model = File.ReadAllBytes(TestModels.RequireBase());
        var path = Write("stories-truncated.gguf", model[..(model.Length / 2)]);
        var error = Assert.Throws<InvalidModelFileException>(() => LlamaModel.Load(path));
        Assert.That(error!.Message, Does.Contain("truncated").And.Contain(path));

        using var intact = LlamaModel.Load(TestModels.BasePath);
        Assert.That(intact.Info.VocabularySize, Is.EqualTo(512), "a valid model still loads after the rejection");
    }

    [Test]
    [Category(TestModels.Category)]
    public void WrongExpectedSha256IsRejectedWithBothHashes()
    {
        var path = TestModels.RequireBase();
        var wrong = new string('0', 64);
        var error = Assert.Throws<ModelChecksumException>(() => LlamaModel.Load(path, new LlamaModelOptions { ExpectedSha256 = wrong }));
        Assert.That(error!.Expected, Is.EqualTo(wrong));
        Assert.That(error.Actual, Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)))), "sha256 of the file's bytes");
        Assert.That(error.Message, Does.Contain(path));
    }

    [Test]
    [Category(TestModels.Category)]
    public void AdapterFileIsRefusedAsAModel()
    {
        var path = TestModels.RequireAdapter();
        var error = Assert.Throws<InvalidModelFileException>(() => LlamaModel.Load(path));
        Assert.That(error!.Message, Does.Contain("adapter"));
    }

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
