using Harness.Core.Datasets;
using NUnit.Framework;

namespace Harness.Core.Tests.Datasets;

public class DatasetCatalogTests
{
    private string _root = "";

    [SetUp]
    public void CreateRepository()
    {
        _root = Path.Combine(Path.GetTempPath(), "harness-catalog-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(_root, "datasets"));
    }

    [TearDown]
    public void DeleteRepository() => Directory.Delete(_root, recursive: true);

    private DatasetCatalog Catalog(params (string Name, string Text)[] cards)
    {
        foreach (var (name, text) in cards)
        {
            File.WriteAllText(Path.Combine(_root, "datasets", name + ".yaml"), text);
        }
        return new DatasetCatalog(_root, Path.Combine(_root, ".cache"));
    }

    private const string CachedRows = "{\"question\": \"Why?\"}\n";

    // sha256 of CachedRows (sha256sum of the file the test writes).
    private const string CachedRowsSha256 = "0103ea2f7d2da4bf438ee75680ac219d59b8ad876695aea8cc85ff65d917bbfb";

    private const string CachedCard = """
        name: cached
        importer: jsonl
        files:
          - path: rows.jsonl
            sha256: 0103ea2f7d2da4bf438ee75680ac219d59b8ad876695aea8cc85ff65d917bbfb
            mirror: datasets/cached/rows.jsonl
        splits:
          test:
            files: { data: rows.jsonl }
        """;

    [Test]
    public void AnUnknownDatasetIsRefusedWithTheClosestName()
    {
        var catalog = Catalog(("cached", CachedCard));

        Assert.That(() => catalog.Load("cahced"), Throws.TypeOf<DatasetException>().With.Message.Contains("did you mean 'cached'?"));
    }

    [Test]
    public void AMissingFileNamesTheCardTheFileAndTheFix()
    {
        var catalog = Catalog(("cached", CachedCard));

        var error = Assert.Throws<DatasetException>(() => catalog.Load("cached"))!;

        Assert.That(error.Message, Does.Contain("dataset 'cached'").And.Contain("cached.yaml").And.Contain("'rows.jsonl' is missing")
            .And.Contain("run ./harness or dotnet build to link it, or set HARNESS_MIRROR"));
    }

    [Test]
    public void FilesInTheCacheAreLoadedAndHashedFromTheirBytes()
    {
        var catalog = Catalog(("cached", CachedCard));
        Directory.CreateDirectory(Path.Combine(_root, ".cache", "datasets", "cached"));
        File.WriteAllText(Path.Combine(_root, ".cache", "datasets", "cached", "rows.jsonl"), CachedRows);

        var dataset = catalog.Load("cached");

        // The files hash is sha256 over "<file> <sha256>\n" for each file of the split.
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"rows.jsonl {CachedRowsSha256}\n")));
        Assert.That(dataset.Cases.Single().Question, Is.EqualTo("Why?"));
        Assert.That(dataset.FilesHash, Is.EqualTo(expected));
    }

    [Test]
    public void AnUnknownSplitIsRefusedWithTheCardsSplits()
    {
        var catalog = Catalog(("cached", CachedCard));

        Assert.That(() => catalog.Load("cached", new() { Split = "tset" }), Throws.TypeOf<DatasetException>().With.Message.Contains("did you mean 'test'?"));
    }

    [Test]
    public void AHumanLabelSetIsNotLoadableAsCases()
    {
        var catalog = Catalog(("labels", """
            name: labels
            importer: none
            files:
              - path: labels.jsonl
                sha256: 0000000000000000000000000000000000000000000000000000000000000000
                url: https://example.org/labels.jsonl
            """));

        Assert.That(() => catalog.Load("labels"), Throws.TypeOf<DatasetException>().With.Message.Contains("importer 'none'"));
    }

    [Test]
    public void ABrokenCardIsLeftOutAndEveryProblemOfItIsReported()
    {
        var catalog = Catalog(("broken", """
            name: broken
            importer: jsonll
            files:
              - path: rows.jsonl
                sha256: abc
            splits:
              test:
                files: { dta: rows.jsonl, data: other.jsonl }
            licnce: MIT
            """));

        var problems = catalog.CardProblems.Select(p => $"{p.Line}: {p.Message}").ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(catalog.Cards, Is.Empty);
            Assert.That(problems, Has.Some.StartsWith("2: unknown importer 'jsonll' - did you mean 'jsonl'?"));
            Assert.That(problems, Has.Some.StartsWith("5: file 'rows.jsonl' needs its full sha256"));
            Assert.That(problems, Has.Some.StartsWith("4: file 'rows.jsonl' needs a 'url:'"));
            Assert.That(problems, Has.Some.Contains("'other.jsonl' is not one of the card's files"));
            Assert.That(problems, Has.Some.StartsWith("9: unknown key 'licnce' in a dataset card - did you mean 'licence'?"));
            Assert.That(() => catalog.GetCard("broken"), Throws.TypeOf<DatasetException>().With.Message.Contains("has problems"));
        });
    }

    [Test]
    public void AFileEntryMustStartWithItsPathForTheBootstrap()
    {
        var catalog = Catalog(("order", """
            name: order
            importer: jsonl
            files:
              - sha256: 0000000000000000000000000000000000000000000000000000000000000000
                path: rows.jsonl
                url: https://example.org/rows.jsonl
            splits:
              test:
                files: { data: rows.jsonl }
            """));

        Assert.That(catalog.CardProblems.Select(p => $"{p.Line}: {p.Message}"), Is.EqualTo(new[]
        {
            "4: a file entry must start with 'path:' (or 'local:'), not 'sha256:' - the bootstrap reads entries line by line",
        }));
    }

    [Test]
    public void EveryShippedCardReadsCleanly()
    {
        Assert.That(TestRepository.Catalog.CardProblems.Select(p => p.ToString()), Is.Empty);
        Assert.That(TestRepository.Catalog.Cards.Select(c => c.Name),
            Is.SupersetOf(new[] { "covidqa", "pubmedqa", "contractnli", "dstc11", "expertqa", "dstc11-human-eval", "toyqa" }));
    }
}
