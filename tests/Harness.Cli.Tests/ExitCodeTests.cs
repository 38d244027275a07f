using Harness.Core;
using NUnit.Framework;

namespace Harness.Cli.Tests;

/// <summary>The exit codes CI reads: 0 all gates pass, 1 a gate failed, 2 the run could not happen.</summary>
public sealed class ExitCodeTests
{
    private static string FiveMistakes => Path.Combine(RepositoryPaths.Root, "tests", "Harness.Core.Tests", "Suites", "Fixtures", "five-mistakes.yaml");

    [Test]
    public async Task ValidatePrintsEveryMistakeWithItsPositionAndExitsTwo()
    {
        var (exitCode, output) = await HarnessProcess.RunAsync("validate", FiveMistakes);

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(2));
            Assert.That(output, Does.Contain("five-mistakes.yaml:9:11: error: unknown pipeline kind 'closed-bok' - did you mean 'closed-book'?"));
            Assert.That(output, Does.Contain("five-mistakes.yaml:14:30: error: unknown metric 'recal@5' - did you mean 'recall@5'?"));
            Assert.That(output, Does.Contain("5 problem(s) in 1 of 1 suite file(s)"));
        });
    }

    [Test]
    public async Task RunRefusesABrokenSuiteBeforeLoadingAnything()
    {
        var (exitCode, output) = await HarnessProcess.RunAsync("run", FiveMistakes, "--out", Path.Combine(Path.GetTempPath(), "harness-never-written"));

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(2));
            Assert.That(output, Does.Contain("nothing was run"));
            Assert.That(Directory.Exists(Path.Combine(Path.GetTempPath(), "harness-never-written")), Is.False);
        });
    }

    [Test]
    public async Task AnUnknownModelCardIsOneLineWithASuggestionAndExitTwo()
    {
        var (exitCode, output) = await HarnessProcess.RunAsync("generate", "--model", "storie260K", "--prompt", "Once");

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(2));
            Assert.That(output, Does.Contain("did you mean 'stories260K'?"));
        });
    }
}
