using System.Security.Cryptography;
using System.Text;
using Harness.Core.Caching;
using Harness.Core.Data;
using Harness.Core.Suites;
using NUnit.Framework;

namespace Harness.Core.Tests;

/// <summary>
/// Caches and committed files are keyed by these hashes, so each is checked against sha256 computed here
/// from the bytes it is documented to cover, not against Hashing itself.
/// </summary>
public sealed class HashingTests
{
    // FIPS 180-2's example: sha256("abc").
    private const string Abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    private string _directory = "";

    [SetUp]
    public void SetUp() => _directory = Directory.CreateTempSubdirectory("hashing-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    [Test]
    public void TextStreamAndFileOfTheSameBytesHashToTheStandardValue()
    {
        var path = Path.Combine(_directory, "abc.txt");
        File.WriteAllBytes(path, "abc"u8.ToArray());
        using var stream = new MemoryStream("abc"u8.ToArray());

        Assert.Multiple(() =>
        {
            Assert.That(Hashing.OfText("abc"), Is.EqualTo(Abc));
            Assert.That(Hashing.OfStream(stream), Is.EqualTo(Abc));
            Assert.That(Hashing.OfFile(path), Is.EqualTo(Abc));
            Assert.That(Hashing.OfStampedFile(path), Is.EqualTo(Abc), "the first call hashes the file and writes the stamp");
            Assert.That(Hashing.OfStampedFile(path), Is.EqualTo(Abc), "the second reads the stamp");
        });
    }

    [Test]
    public void PartsAreHashedEachFollowedByTheTerminator()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Hashing.OfParts(["a", "bc"]), Is.EqualTo(Sha256("a\0bc\0")));
            Assert.That(Hashing.OfParts(["a", "bc"], '\n'), Is.EqualTo(Sha256("a\nbc\n")));
        });
    }

    [Test]
    public void TheCacheKeysKeepTheirValues()
    {
        var corpus = new Corpus([new Document("d1", "one"), new Document("d2", "two")], []);
        var settings = new TrainingDefinition { Data = TrainingData.Corpus, Epochs = 3, LearningRate = 0.5, Context = 128, Batch = 4, Seed = 7, Validation = 0.25, Patience = 1 };
        var trained = new TrainedModelKey("base", "data", settings, "cpu");
        var generation = new GenerationKey("model", [("adapter", 0.5f)], "prompt", "greedy", 42, 64, "cpu");

        Assert.Multiple(() =>
        {
            Assert.That(corpus.ContentHash, Is.EqualTo(Sha256("d1\0one\0d2\0two\0")), "each document's id and text, each followed by NUL");
            Assert.That(TrainedModelKey.HashData(["x", "y"]), Is.EqualTo(Sha256("x\0y\0")));
            Assert.That(trained.Hash(), Is.EqualTo(Sha256(
                $"format={TrainedModelKey.Format}\nbase=base\ndata=data\nepochs=3\nlearning_rate=0.5\ncontext=128\nbatch=4\nseed=7\nvalidation=0.25\npatience=1\nnative=cpu")));
            Assert.That(generation.Hash(), Is.EqualTo(Sha256(
                "model=model\nadapter=adapter@0.5\nsampler=greedy\nseed=42\nmax_tokens=64\nnative=cpu\nprompt=prompt")));
        });
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
