using System.Diagnostics;
using System.Security.Cryptography;
using NUnit.Framework;

namespace Harness.Core.Tests.Cards;

/// <summary>
/// The bootstrap's card stage (native/cards/link.sh) as a user without the mirror meets it: files are
/// downloaded from the card's URL (here a file:// URL) and verified by sha256 before anything uses them.
/// </summary>
public sealed class CardLinkingTests
{
    private string _root = "";

    [SetUp]
    public void CreateFolders()
    {
        _root = Directory.CreateTempSubdirectory("harness-cards-").FullName;
        Directory.CreateDirectory(Path.Combine(_root, "models"));
        Directory.CreateDirectory(Path.Combine(_root, "source"));
    }

    [TearDown]
    public void RemoveFolders() => Directory.Delete(_root, recursive: true);

    [Test]
    public void AModelIsDownloadedFromItsCardUrlAndVerified()
    {
        var source = WriteSource("weights.gguf", "GGUF pretend weights");
        WriteCard("tiny", "tiny.gguf", Sha256(source), new Uri(source).AbsoluteUri);

        var (exitCode, output) = Link();

        var linked = Path.Combine(_root, "cache", "models", "tiny.gguf");
        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Zero, output);
            Assert.That(File.ReadAllText(linked), Is.EqualTo("GGUF pretend weights"));
        });
    }

    [Test]
    public void ADownloadWithTheWrongSha256StopsWithOneLineAndLeavesNothingBehind()
    {
        var source = WriteSource("weights.gguf", "tampered weights");
        WriteCard("tiny", "tiny.gguf", new string('0', 64), new Uri(source).AbsoluteUri);

        var (exitCode, output) = Link();

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Not.Zero);
            Assert.That(output, Does.Contain("sha256 mismatch for tiny.gguf (card models/tiny.yaml)"));
            Assert.That(File.Exists(Path.Combine(_root, "cache", "models", "tiny.gguf")), Is.False);
        });
    }

    [Test]
    public void AVerifiedFileIsNotFetchedAgain()
    {
        var source = WriteSource("weights.gguf", "GGUF pretend weights");
        WriteCard("tiny", "tiny.gguf", Sha256(source), new Uri(source).AbsoluteUri);
        Assert.That(Link().ExitCode, Is.Zero);
        File.Delete(source);

        var (exitCode, output) = Link();

        Assert.That(exitCode, Is.Zero, "the second run finds the verified file and does not need the source: " + output);
    }

    [Test]
    public void ASyntheticModelCardIsLeftToTheCommandThatMakesItWithoutAWarning()
    {
        // No mirror and no url: a fetched card would get "is not in the mirror ... and the card has no url".
        File.WriteAllText(Path.Combine(_root, "models", "random.yaml"),
            $"name: random\nfile: random.gguf\nsha256: {new string('1', 64)}\ntype: Q8_0\nsynthetic:\n  from: stories260K\n  seed: 1\n");

        var (exitCode, output) = Link();

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Zero, output);
            Assert.That(output, Is.Empty);
            Assert.That(File.Exists(Path.Combine(_root, "cache", "models", "random.gguf")), Is.False);
        });
    }

    [Test]
    [Category("hostile")]
    public void ADatasetCardPathThatClimbsOutOfTheCacheStopsTheBootstrapAndDeletesNothing()
    {
        // The cache is <root>/cache, so datasets/evil/../../../victim.txt resolves to <root>/victim.txt.
        var victim = Path.Combine(_root, "victim.txt");
        File.WriteAllText(victim, "not the harness's to delete");
        Directory.CreateDirectory(Path.Combine(_root, "datasets"));
        File.WriteAllText(Path.Combine(_root, "datasets", "evil.yaml"),
            $"name: evil\nimporter: jsonl\nfiles:\n  - path: ../../../victim.txt\n    sha256: {new string('2', 64)}\n    mirror: nowhere/victim.txt\n");

        var (exitCode, output) = Link();

        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(victim), Is.True, "the file outside the cache is still there");
            Assert.That(exitCode, Is.Not.Zero);
            Assert.That(output, Does.Contain("card datasets/evil.yaml: '../../../victim.txt' leaves the cache folder"));
        });
    }

    [Test]
    [Category("hostile")]
    public void AVerifiedFileChangedSinceItsStampIsFetchedAndVerifiedAgain()
    {
        var source = WriteSource("weights.gguf", "GGUF pretend weights");
        WriteCard("tiny", "tiny.gguf", Sha256(source), new Uri(source).AbsoluteUri);
        Assert.That(Link().ExitCode, Is.Zero);
        var linked = Path.Combine(_root, "cache", "models", "tiny.gguf");
        File.AppendAllText(linked, " and a planted tail");

        var (exitCode, output) = Link();

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Zero, output);
            Assert.That(File.ReadAllText(linked), Is.EqualTo("GGUF pretend weights"), "the stamp no longer matches the file's size, so it is fetched again");
        });
    }

    private string WriteSource(string name, string text)
    {
        var path = Path.Combine(_root, "source", name);
        File.WriteAllText(path, text);
        return path;
    }

    private void WriteCard(string name, string file, string sha256, string url) =>
        File.WriteAllText(Path.Combine(_root, "models", name + ".yaml"), $"name: {name}\nroles: [generator]\nfile: {file}\nsha256: {sha256}\nurl: {url}\n");

    private static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    private (int ExitCode, string Output) Link()
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(RepositoryPaths.Root, "native", "cards", "link.sh")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["HARNESS_CARDS_ROOT"] = _root,
                ["HARNESS_CACHE"] = Path.Combine(_root, "cache"),
                ["HARNESS_MIRROR"] = "none",
            },
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }
}
