using System.Text.Json.Nodes;
using Harness.Core;
using NUnit.Framework;

namespace Harness.Cli.Tests;

/// <summary>
/// `harness calibrate` measures into the git-ignored calibration-runs/ folder; only `--save` writes calibration/, the
/// committed file that runs and faithfulness gates read. Each test calibrates the lexical scorer on a 60-label
/// ExpertQA subset into a results folder of its own (HARNESS_RESULTS).
/// </summary>
public sealed class CalibrateCommandTests
{
    private string _results = "";

    [SetUp]
    public void RequireLabels()
    {
        if (!File.Exists(Path.Combine(RepositoryPaths.Cache, "datasets", "expertqa", "domain_val.jsonl")))
        {
            Assert.Ignore("ExpertQA is not in the cache: run 'bash native/bootstrap.sh' with ../shared beside the repository");
        }
        _results = Directory.CreateTempSubdirectory("harness-calibrate-").FullName;
    }

    [TearDown]
    public void RemoveResults() => Directory.Delete(_results, recursive: true);

    private Task<(int ExitCode, string Output)> CalibrateAsync(params string[] more) =>
        HarnessProcess.RunAsync(
            new Dictionary<string, string> { ["HARNESS_RESULTS"] = _results },
            ["calibrate", "--scorer", "lexical", "--labels", "expertqa", "--limit", "60", .. more]);

    [Test]
    public async Task APlainCalibrateWritesCalibrationRunsAndLeavesTheCalibrationGatesReadAlone()
    {
        var (exitCode, output) = await CalibrateAsync();

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Zero, output);
            Assert.That(Path.Combine(_results, "calibration-runs", "lexical.json"), Does.Exist);
            Assert.That(Path.Combine(_results, "calibration"), Does.Not.Exist);
            Assert.That(output, Does.Contain($"runs and gates read {Path.Combine(_results, "calibration", "lexical.json")}: --save writes it"));
        });
    }

    [Test]
    public async Task CalibrateSaveWritesTheCalibrationGatesReadWithTheSameFigures()
    {
        var (plainExit, plainOutput) = await CalibrateAsync();
        var (saveExit, saveOutput) = await CalibrateAsync("--save");

        Assert.Multiple(() =>
        {
            Assert.That(plainExit, Is.Zero, plainOutput);
            Assert.That(saveExit, Is.Zero, saveOutput);
            Assert.That(saveOutput, Does.Contain($"saved {Path.Combine(_results, "calibration", "lexical.json")}"));
            // The same seeded measurement either way; only the time it was taken differs.
            Assert.That(Figures(Path.Combine(_results, "calibration", "lexical.json")),
                Is.EqualTo(Figures(Path.Combine(_results, "calibration-runs", "lexical.json"))));
        });
    }

    private static string Figures(string path)
    {
        var record = JsonNode.Parse(File.ReadAllText(path))!;
        foreach (var calibration in record["calibrations"]!.AsArray())
        {
            calibration!.AsObject().Remove("measuredAt");
        }
        return record.ToJsonString();
    }
}
