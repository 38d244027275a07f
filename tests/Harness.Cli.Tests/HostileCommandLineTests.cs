using Harness.Core;
using NUnit.Framework;

namespace Harness.Cli.Tests;

/// <summary>
/// Command lines and files a careless or hostile user gives `harness`: every usage error is one line
/// with a hint and exit 2 (exit 1 means a gate failed), and nothing crashes or runs by accident.
/// </summary>
[Category("hostile")]
public sealed class HostileCommandLineTests
{
    private static string ToySuite => Path.Combine(RepositoryPaths.Root, "suites", "examples", "toyqa.yaml");

    private string _directory = "";

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("harness-hostile-cli-").FullName;

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_directory, recursive: true);

    [TestCase("frobnicate", "harness: Unrecognized command or argument 'frobnicate'", "see 'harness --help'")]
    [TestCase("run", "harness: Required argument 'suites' missing for command: 'run'", "see 'harness run --help'")]
    [TestCase("run --frobnicate {suite}", "harness: unknown option '--frobnicate' for 'run'", "see 'harness run --help'")]
    [TestCase("run {suite} --limit abc", "harness: 'abc' is not a valid value for --limit: expected a whole number", "see 'harness run --help'")]
    [TestCase("run {suite} --limit -1", "harness: --limit must be 0 or more (0 runs every case), not -1", "see 'harness run --help'")]
    [TestCase("run {suite} --cache bogus", "harness: 'bogus' is not a valid value for --cache: expected one of: off, refresh, replay", "see 'harness run --help'")]
    [TestCase("run {suite} --threads -2", "harness: --threads must be 0 or more (0 uses every core), not -2", "see 'harness run --help'")]
    [TestCase("baseline save", "harness: Required argument 'run-dir' missing for command: 'save'", "see 'harness baseline save --help'")]
    public async Task AUsageErrorIsOneLineWithAHintAndExitTwo(string commandLine, string message, string hint)
    {
        var (exitCode, output) = await HarnessProcess.RunAsync(commandLine.Replace("{suite}", ToySuite, StringComparison.Ordinal).Split(' '));

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(2));
            Assert.That(lines, Has.Length.EqualTo(1), output);
            Assert.That(lines[0], Does.StartWith(message).And.EndWith(hint));
        });
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task ASuiteNameThatWouldLeaveTheResultsFolderFailsValidationAndNothingIsWritten(bool absolute)
    {
        // Enough '..' to climb from any results folder to '/', then down into this test's folder.
        var name = absolute ? $"{_directory}/ESCAPED" : string.Concat(Enumerable.Repeat("../", 30)) + _directory.TrimStart('/') + "/ESCAPED";
        var suite = WriteSuite("escape.yaml", $"name: \"{name}\"\ndataset: toyqa\npipelines:\n  - {{ name: x, kind: extractive, retriever: bm25 }}\nmetrics: [answer]\n");

        var (validateExit, validateOutput) = await HarnessProcess.RunAsync("validate", suite);
        var (runExit, runOutput) = await HarnessProcess.RunAsync("run", suite);

        Assert.Multiple(() =>
        {
            Assert.That(validateExit, Is.EqualTo(2));
            Assert.That(validateOutput, Does.Contain($"escape.yaml:1:7: error: suite name '{name}' may hold only letters, digits"));
            Assert.That(runExit, Is.EqualTo(2));
            Assert.That(runOutput, Does.Contain("nothing was run"));
            Assert.That(Directory.GetDirectories(_directory, "ESCAPED*"), Is.Empty);
        });
    }

    [Test]
    public async Task ADeeplyNestedSuiteIsAProblemNotAStackOverflow()
    {
        // 80 KB: 40,000 unclosed '[' after the key, the input that overflowed YamlDotNet's recursive loader.
        var suite = WriteSuite("deep.yaml", "name: deep\npipelines: " + new string('[', 40_000) + "\n");

        var (exitCode, output) = await HarnessProcess.RunAsync("validate", suite);

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(2));
            Assert.That(output, Does.Contain("deep.yaml:2:75: error: invalid YAML: nested deeper than 64 levels"));
            Assert.That(output, Does.Not.Contain("Stack overflow"));
        });
    }

    [Test]
    public async Task AnUnwritableOutFolderIsOneClearLineAndExitTwo()
    {
        var (exitCode, output) = await HarnessProcess.RunAsync("run", ToySuite, "--out", "/proc/x");

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(2));
            Assert.That(output, Does.Contain("harness: cannot write the run folder '/proc/x'").And.Contain("pass --out a folder you can write; nothing was run"));
        });
    }

    [Test]
    public async Task MoreThreadsThanCoresAreCappedWithAWarning()
    {
        var suite = WriteSuite("threads.yaml",
            "name: hostile-threads\ndataset: toyqa\npipelines:\n  - { name: extractive, kind: extractive, retriever: { kind: bm25, top_k: 1, chunk: passages } }\nmetrics: [answer]\n");

        var (exitCode, output) = await HarnessProcess.RunAsync("run", suite, "--threads", "1000", "--out", Path.Combine(_directory, "run"));

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Zero, output);
            Assert.That(output, Does.Contain($"harness: warning: --threads 1000 is more than the {Environment.ProcessorCount} cores available; using {Environment.ProcessorCount}"));
        });
    }

    private string WriteSuite(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }
}
