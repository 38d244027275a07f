using System.Security.Cryptography;
using System.Text;
using Harness.Core.Configuration;
using Harness.Core.Datasets;
using Harness.Core.Store;
using Harness.Core.Suites;
using NUnit.Framework;

namespace Harness.Core.Tests.Hostile;

/// <summary>
/// Hostile input a careful user or an attacker writes into suites, cards, dataset files and run folders:
/// each is refused with its file, the item and the fix, and nothing outside its folder is read.
/// A tiny fixture per case, written into a temporary repository.
/// </summary>
[Category("hostile")]
public sealed class HostileInputTests
{
    private string _root = "";

    [SetUp]
    public void CreateRepository()
    {
        _root = Directory.CreateTempSubdirectory("harness-hostile-").FullName;
        Directory.CreateDirectory(Path.Combine(_root, "datasets"));
        Directory.CreateDirectory(Path.Combine(_root, "cache"));
    }

    [TearDown]
    public void RemoveRepository() => Directory.Delete(_root, recursive: true);

    private DatasetCatalog Catalog => new(_root, Path.Combine(_root, "cache"));

    [TestCase("../../../../tmp/x/ESCAPED")]
    [TestCase("/tmp/x/ESCAPED")]
    [TestCase("smoke covidqa")]
    public void ASuiteNameThatIsNotAPlainFileNameIsAValidationErrorWithItsPosition(string name)
    {
        var read = SuiteReader.Parse("escape.yaml", $"name: \"{name}\"\ndataset: toyqa\npipelines:\n  - {{ name: x, kind: extractive, retriever: bm25 }}\n");

        Assert.Multiple(() =>
        {
            Assert.That(read.Suite, Is.Null);
            // name is on line 1; its value starts at column 7, after 'name: '.
            Assert.That(read.Problems.Select(p => p.ToString()), Has.One.StartsWith("escape.yaml:1:7: error: suite name").And.Contains("letters, digits, '-', '_' and '.'"));
        });
    }

    [Test]
    public void ARemotePipelinesTimeoutAndRetriesAreReadAndOutOfRangeValuesReported()
    {
        const string suite = "name: r\ndataset: toyqa\npipelines:\n  - name: s\n    kind: remote\n    remote: { base_url: \"http://127.0.0.1:1/v1\", model: m, timeout_s: 2.5, retries: 0 }\n";

        var read = SuiteReader.Parse("r.yaml", suite);
        var bad = SuiteReader.Parse("r.yaml", suite.Replace("timeout_s: 2.5, retries: 0", "timeout_s: 0, retries: 11", StringComparison.Ordinal));
        var unset = SuiteReader.Parse("r.yaml", suite.Replace(", timeout_s: 2.5, retries: 0", "", StringComparison.Ordinal));

        Assert.Multiple(() =>
        {
            Assert.That(read.Suite!.FindPipeline("s")!.Remote!.TimeoutSeconds, Is.EqualTo(2.5));
            Assert.That(read.Suite!.FindPipeline("s")!.Remote!.Retries, Is.Zero);
            Assert.That(unset.Suite!.FindPipeline("s")!.Remote!.TimeoutSeconds, Is.EqualTo(60), "the default");
            Assert.That(unset.Suite!.FindPipeline("s")!.Remote!.Retries, Is.EqualTo(2), "the default");
            Assert.That(bad.Problems.Select(p => p.Message), Is.SupersetOf(new[]
            {
                "'timeout_s' must be more than 0 seconds, got 0",
                "'retries' must be at most 10 (each waits up to 'timeout_s'), got 11",
            }));
        });
    }

    [Test]
    public void ALocalFileOutsideTheCardsFolderIsRefusedByTheCard()
    {
        var card = WriteCard("escape", "  - local: ../../../../etc/passwd\n", "{ data: ../../../../etc/passwd }");

        var (read, problems) = DatasetCardReader.Read(card);

        Assert.Multiple(() =>
        {
            Assert.That(read, Is.Null);
            // 'files:' is line 4; the entry is line 5, its value after '  - local: ' at column 12.
            Assert.That(problems.Select(p => p.ToString()), Has.Some.StartsWith($"{card}:5:12: error: 'local: ../../../../etc/passwd' is not beside the card"));
        });
    }

    [Test]
    public void ACachePathThatClimbsOutOfTheCacheIsRefusedByTheCard()
    {
        var card = WriteCard("escape", $"  - path: ../../../../out/victim.txt\n    sha256: {new string('2', 64)}\n    mirror: nowhere/victim.txt\n", "{ data: ../../../../out/victim.txt }");

        var (read, problems) = DatasetCardReader.Read(card);

        Assert.Multiple(() =>
        {
            Assert.That(read, Is.Null);
            Assert.That(problems.Select(p => p.ToString()), Has.Some.StartsWith($"{card}:5:11: error: 'path: ../../../../out/victim.txt' leaves the dataset's cache folder"));
        });
    }

    [Test]
    public void ADatasetFileChangedAfterTheBootstrapVerifiedItStopsTheLoadNamingTheFileAndTheFix()
    {
        const string rows = "{\"id\": \"a\", \"question\": \"Q?\", \"answers\": [\"A\"]}\n";
        var file = WriteCachedFile("rows", "rows.jsonl", rows);
        var card = WriteCard("rows", $"  - path: rows.jsonl\n    sha256: {Sha256(rows)}\n    mirror: rows.jsonl\n", "{ data: rows.jsonl }");
        Assert.That(Catalog.Load("rows").Cases, Has.Count.EqualTo(1), "the file as verified loads");

        File.AppendAllText(file, "{\"id\": \"b\", \"question\": \"Planted?\", \"answers\": [\"B\"]}\n");

        Assert.That(() => Catalog.Load("rows"), Throws.TypeOf<DatasetException>()
            .With.Message.Contains($"{file} has sha256 ").And.Message.Contains($"its card {card} says {Sha256(rows)}")
            .And.Message.Contains("run 'bash native/bootstrap.sh'"));
    }

    [Test]
    public void ALoadRecordsTheHashOfTheBytesItReadAndLeavesTheStampTheBootstrapWrites()
    {
        const string rows = "{\"id\": \"a\", \"question\": \"Q?\", \"answers\": [\"A\"]}\n";
        var file = WriteCachedFile("rows", "rows.jsonl", rows);
        WriteCard("rows", $"  - path: rows.jsonl\n    sha256: {Sha256(rows)}\n    mirror: rows.jsonl\n", "{ data: rows.jsonl }");

        var first = Catalog.Load("rows").FilesHash;
        var stamp = File.ReadAllText(file + Hashing.StampSuffix).Trim();

        Assert.Multiple(() =>
        {
            // The files hash is sha256 over "<name> <sha256>\n" for each file the split reads.
            Assert.That(first, Is.EqualTo(Sha256($"rows.jsonl {Sha256(rows)}\n")));
            var info = new FileInfo(file);
            Assert.That(stamp, Is.EqualTo($"{Sha256(rows)} {info.Length} {new DateTimeOffset(info.LastWriteTimeUtc).ToUnixTimeSeconds()}"), "the stamp the bootstrap also writes");
        });
    }

    [Test]
    public void AStampWhoseSizeAndTimeStillMatchSparesHashingTheFileAgain()
    {
        const string rows = "{\"id\": \"a\", \"question\": \"Q?\", \"answers\": [\"A\"]}\n";
        var file = WriteCachedFile("rows", "rows.jsonl", rows);
        WriteCard("rows", $"  - path: rows.jsonl\n    sha256: {new string('a', 64)}\n    mirror: rows.jsonl\n", "{ data: rows.jsonl }");
        var info = new FileInfo(file);
        // A stamp that vouches for the card's (made-up) sha256 at the file's current size and time is trusted
        // without reading the file: that is what keeps a run on a large dataset cheap.
        File.WriteAllText(file + Hashing.StampSuffix, $"{new string('a', 64)} {info.Length} {new DateTimeOffset(info.LastWriteTimeUtc).ToUnixTimeSeconds()}\n");

        Assert.That(Catalog.Load("rows").FilesHash, Is.EqualTo(Sha256($"rows.jsonl {new string('a', 64)}\n")));
    }

    [Test]
    public void AnOversizedSuiteIsRefusedBeforeParsing()
    {
        var path = Path.Combine(_root, "huge.yaml");
        File.WriteAllText(path, "name: huge\n" + new string('#', YamlFile.MaxBytes));

        var read = SuiteReader.Read(path);

        Assert.That(read.Problems.Select(p => p.Message), Has.One.Contains($"a suite or card is at most {YamlFile.MaxBytes} bytes"));
    }

    [Test]
    public void NestingDeeperThanTheLimitIsOneProblemAtTheFirstLevelTooDeep()
    {
        // The root mapping is level 1, so of the 65 '[' after 'pipelines: ' (11 characters) on line 2,
        // the 64th, at column 12 + 63 = 75, is level 65: one more than the 64 allowed.
        var read = SuiteReader.Parse("deep.yaml", "name: deep\npipelines: " + new string('[', 65) + new string(']', 65) + "\n");

        Assert.That(read.Problems.Select(p => p.ToString()), Is.EqualTo(new[]
        {
            "deep.yaml:2:75: error: invalid YAML: nested deeper than 64 levels - a suite or card needs a handful; check for runaway '[' or '{'",
        }));
    }

    [Test]
    public void AStoreThatIsNotADatabaseIsNamedWithTheFixAndNothingInTheFolderChanges()
    {
        var run = Directory.CreateDirectory(Path.Combine(_root, "run")).FullName;
        File.WriteAllText(Path.Combine(run, ResultStore.FileName), "this is not a database, but it is long enough to have a header");
        File.WriteAllText(Path.Combine(run, "cases.csv"), "case_id\n");
        var before = Snapshot(run);

        Assert.Multiple(() =>
        {
            Assert.That(() => ResultStore.Open(run), Throws.TypeOf<InvalidDataException>()
                .With.Message.Contains($"the run store {Path.Combine(run, ResultStore.FileName)} is damaged")
                .And.Message.Contains("--fresh").And.Message.Contains($"move {run} away"));
            Assert.That(Snapshot(run), Is.EqualTo(before));
        });
    }

    [Test]
    public void AStoreWithADamagedSchemaPageIsNamedWithTheFix()
    {
        var run = Path.Combine(_root, "run");
        using (var store = ResultStore.Open(run))
        {
            store.SetMeta("info", "kept");
        }
        // Pooled connections keep the write-ahead log open; closing them moves every page into run.db.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var path = Path.Combine(run, ResultStore.FileName);
        // The header is the first 100 bytes of page 1; the schema table follows it on the same page.
        using (var stream = File.OpenWrite(path))
        {
            stream.Position = 100;
            stream.Write(Enumerable.Repeat((byte)0xFF, 400).ToArray());
        }

        Assert.That(() =>
        {
            using var store = ResultStore.Open(run);
            return store.GetMeta<string>("info");
        }, Throws.TypeOf<InvalidDataException>().With.Message.Contains($"the run store {path} is damaged").And.Message.Contains("--fresh"));
    }

    [Test]
    public void ARowWithInvalidUtf8BecomesAnErrorCaseNamingItsLineWhileTheOtherRowsAreRead()
    {
        var folder = Path.Combine(_root, "datasets");
        var good = "{\"id\": \"a\", \"question\": \"Q?\", \"answers\": [\"A\"]}\n"u8.ToArray();
        // Line 2 holds the byte 0xFF (never valid in UTF-8) after {"id": "b", "q (14 bytes): the 15th byte.
        var bad = "{\"id\": \"b\", \"q"u8.ToArray().Concat(new byte[] { 0xFF }).Concat("uestion\": \"Q?\"}\n"u8.ToArray()).ToArray();
        File.WriteAllBytes(Path.Combine(folder, "rows.jsonl"), [.. good, .. bad, .. good.Select(b => b == (byte)'a' ? (byte)'c' : b)]);
        WriteCard("rows", "  - local: rows.jsonl\n", "{ data: rows.jsonl }");

        var cases = Catalog.Load("rows").Cases;

        Assert.Multiple(() =>
        {
            Assert.That(cases.Select(c => c.ImportError is null), Is.EqualTo(new[] { true, false, true }));
            Assert.That(cases[1].ImportError, Does.StartWith("rows.jsonl:2: invalid UTF-8 at byte 15 of the line"));
            Assert.That(cases[1].Source, Does.EndWith("rows.jsonl:2"));
            Assert.That(cases.Where(c => c.ImportError is null).Select(c => c.Question), Has.None.Contains('\uFFFD'));
        });
    }

    [Test]
    public void AJsonFileWithInvalidUtf8StopsTheLoadAtTheByteInsteadOfReadingReplacementCharacters()
    {
        // Line 2 is {"title": "T", "paragraphs": [{"context": "Kites fl (51 bytes), then 0xFF: column 52.
        var text = "{\"version\": \"x\", \"data\": [\n{\"title\": \"T\", \"paragraphs\": [{\"context\": \"Kites fl"u8.ToArray()
            .Concat(new byte[] { 0xFF }).Concat("y.\", \"qas\": []}]}\n]}\n"u8.ToArray()).ToArray();
        File.WriteAllBytes(Path.Combine(_root, "datasets", "squad.json"), text);
        WriteCard("squad", "  - local: squad.json\n", "{ data: squad.json }", importer: "squad");

        Assert.That(() => Catalog.Load("squad"), Throws.TypeOf<DatasetException>()
            .With.Message.StartsWith("squad.json:2:52: invalid UTF-8 (byte 0xFF)").And.Message.Contains("re-save it as UTF-8"));
    }

    private string WriteCard(string name, string files, string splitFiles, string importer = "jsonl")
    {
        var path = Path.Combine(_root, "datasets", name + ".yaml");
        var fields = importer == "jsonl" ? "fields: { question: question, reference: answers }\n" : "";
        File.WriteAllText(path, $"name: {name}\nimporter: {importer}\n{fields}files:\n{files}splits:\n  test:\n    files: {splitFiles}\n");
        return path;
    }

    private string WriteCachedFile(string dataset, string name, string text)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_root, "cache", "datasets", dataset)).FullName;
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static string[] Snapshot(string folder) =>
        [.. Directory.GetFiles(folder).Order(StringComparer.Ordinal).Select(f => $"{Path.GetFileName(f)} {new FileInfo(f).Length} {Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(f)))}")];
}
