using Harness.Core;
using Harness.Llama;
using NUnit.Framework;

namespace Harness.Pipelines.Tests.Models;

/// <summary>
/// A model file is hashed when it changes, never on every load: the harness loads models with
/// <see cref="Hashing.OfStampedFile"/>, which trusts the stamp written when the file was last hashed while
/// the file's size and modification time still match it.
/// </summary>
[Category("model")]
public sealed class StampedModelLoadTests
{
    private string _folder = "";
    private string _model = "";

    [SetUp]
    public void CopyTheModel()
    {
        var source = Path.Combine(RepositoryPaths.Cache, "models", "stories260K.gguf");
        if (!File.Exists(source))
        {
            Assert.Ignore($"{source} is absent - run native/bootstrap.sh with ../shared beside the repository");
        }
        _folder = Directory.CreateTempSubdirectory("harness-stamped-").FullName;
        _model = Path.Combine(_folder, "model.gguf");
        File.Copy(source, _model);
    }

    [TearDown]
    public void RemoveTheCopy() => Directory.Delete(_folder, recursive: true);

    private static LlamaModelOptions Expecting(string sha256) => new() { ExpectedSha256 = sha256, Sha256Of = Hashing.OfStampedFile };

    [Test]
    public void ALoadTrustsTheStampOfAnUnchangedFileInsteadOfReadingItsBytes()
    {
        var real = Hashing.OfStampedFile(_model);
        // A stamp that names another hash for the very same size and time: a load that hashed the bytes would find
        // `real` and refuse the file; one that trusts the stamp finds `claimed` and loads it.
        var claimed = new string('a', 64);
        var stamp = _model + ".sha256-ok";
        File.WriteAllText(stamp, File.ReadAllText(stamp).Replace(real, claimed, StringComparison.Ordinal));

        using var model = LlamaModel.Load(_model, Expecting(claimed));

        Assert.That(model.Info.Path, Is.EqualTo(_model));
    }

    [Test]
    public void AFileChangedSinceItsStampIsHashedAgainAndRefusedOnMismatch()
    {
        var real = Hashing.OfStampedFile(_model);
        var claimed = new string('a', 64);
        var stamp = _model + ".sha256-ok";
        File.WriteAllText(stamp, File.ReadAllText(stamp).Replace(real, claimed, StringComparison.Ordinal));
        // Touching the file makes the stamp's time stale, so the stamp is no longer believed.
        File.SetLastWriteTimeUtc(_model, File.GetLastWriteTimeUtc(_model).AddMinutes(1));

        var error = Assert.Throws<ModelChecksumException>(() => LlamaModel.Load(_model, Expecting(claimed)));

        Assert.That(error!.Message, Does.Contain(real));
    }
}
