using CsvHelper;
using Harness.Core;
using Microsoft.Data.Sqlite;
using NUnit.Framework;

namespace Harness.Cli.Tests;

/// <summary>A run killed with SIGKILL half-way and started again finishes with exactly one row per case and pipeline.</summary>
[Category("model")]
public sealed class KillAndResumeTests
{
    private string _output = "";

    [SetUp]
    public void RequireModelAndData()
    {
        if (!File.Exists(Path.Combine(RepositoryPaths.Cache, "models", "stories260K.gguf"))
            || !File.Exists(Path.Combine(RepositoryPaths.Cache, "datasets", "covidqa", "200423_covidQA.json")))
        {
            Assert.Ignore("stories260K or COVID-QA is not in the cache: run 'bash native/bootstrap.sh' with ../shared beside the repository");
        }
        _output = Path.Combine(Directory.CreateTempSubdirectory("harness-kill-").FullName, "run");
    }

    [TearDown]
    public void RemoveOutput() => Directory.Delete(Path.GetDirectoryName(_output)!, recursive: true);

    [Test]
    public async Task ARunKilledHalfWayResumesAndWritesOneRowPerCaseAndPipeline()
    {
        string[] arguments = ["run", "suites/smoke/covidqa.yaml", "--out", _output, "--cache", "off", "--parallel", "1"];
        using (var first = HarnessProcess.Start(arguments))
        {
            var stored = await WaitForResultsAsync(atLeast: 10, first);
            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync();
            Assert.That(stored, Is.LessThan(48), "the run was killed before it finished");
        }

        var (exitCode, output) = await HarnessProcess.RunAsync(arguments);

        using var reader = CsvReader.Create(File.ReadAllBytes(Path.Combine(_output, "cases.csv")));
        var rows = new List<(string Case, string Pipeline)>();
        while (reader.Read())
        {
            rows.Add((reader.GetString(reader.Headers.ToList().IndexOf("case_id")), reader.GetString(reader.Headers.ToList().IndexOf("pipeline"))));
        }
        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Zero, output);
            Assert.That(rows, Has.Count.EqualTo(8 * 6), "8 cases × 6 pipelines");
            Assert.That(rows, Is.Unique);
        });
    }

    /// <summary>Polls the run's store until it holds some results (the run is under way), and returns their count.</summary>
    private async Task<int> WaitForResultsAsync(int atLeast, System.Diagnostics.Process process)
    {
        var store = Path.Combine(_output, "run.db");
        for (var attempt = 0; attempt < 1200; attempt++)
        {
            if (process.HasExited)
            {
                Assert.Fail($"the run ended (exit {process.ExitCode}) before it could be killed: {await process.StandardError.ReadToEndAsync()}");
            }
            if (File.Exists(store) && Count(store) is var count && count >= atLeast)
            {
                return count;
            }
            await Task.Delay(50);
        }
        Assert.Fail("the run stored no results within a minute");
        return 0;
    }

    private static int Count(string store)
    {
        try
        {
            using var connection = new SqliteConnection($"Data Source={store};Mode=ReadOnly");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM results";
            return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (SqliteException)
        {
            return 0; // the store is being created
        }
    }
}
