using CsvHelper;
using Harness.Core;
using Microsoft.Data.Sqlite;
using NUnit.Framework;

namespace Harness.Cli.Tests;

/// <summary>
/// A run killed with SIGKILL half-way (or while it fine-tunes) and started again finishes with exactly one row per
/// case and pipeline. suites/smoke/covidqa.yaml trains its fine-tuned and hybrid pipelines' model in the run; without
/// the trainable llama.cpp build those cases are errors and its error budget fails the run, so both tests need it.
/// </summary>
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
        if (Harness.Llama.Training.TrainingSupport.Problem is { } problem)
        {
            Assert.Inconclusive(problem);
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

        var rows = CaseRows(_output);
        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Zero, output);
            Assert.That(rows, Has.Count.EqualTo(8 * 6), "8 cases × 6 pipelines");
            Assert.That(rows, Is.Unique);
        });
    }

    [Test]
    public async Task ARunKilledWhileTrainingPublishesNoModelAndTheRerunCachesOneAndWritesOneRowPerCaseAndPipeline()
    {
        var trained = Path.Combine(Path.GetDirectoryName(_output)!, "trained");
        var environment = new Dictionary<string, string> { ["HARNESS_TRAINED_MODELS"] = trained };
        string[] arguments = ["run", "suites/smoke/covidqa.yaml", "--out", _output, "--cache", "off", "--parallel", "1"];
        using (var first = HarnessProcess.Start(environment, arguments))
        {
            await WaitForLineAsync(first, "Training fine-tuned: fine-tuning");
            // Into the epoch (a paper of ~20,000 tokens takes well over 2 s), then SIGKILL to the harness alone:
            // its training worker sees its standard input close and stops too.
            await Task.Delay(TimeSpan.FromSeconds(2));
            Assert.That(first.HasExited, Is.False, "the run was killed while training");
            first.Kill(entireProcessTree: false);
            await first.WaitForExitAsync();
        }
        Assert.That(Directory.Exists(trained) ? Directory.GetFiles(trained, "*.gguf") : [], Is.Empty, "a killed run publishes no model");

        var (exitCode, output) = await HarnessProcess.RunAsync(environment, arguments);

        var rows = CaseRows(_output);
        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Zero, output);
            Assert.That(rows, Has.Count.EqualTo(8 * 6).And.Unique, "8 cases × 6 pipelines");
            Assert.That(Directory.GetFiles(trained, "*.gguf"), Has.Length.EqualTo(1), "one model, shared by fine-tuned and hybrid");
            Assert.That(Directory.GetFiles(trained, "*.tmp*"), Is.Empty, "the killed run's half-written files are gone");
        });
    }

    /// <summary>The (case, pipeline) of every row of a run's cases.csv.</summary>
    private static List<(string Case, string Pipeline)> CaseRows(string runDirectory)
    {
        using var reader = CsvReader.Create(File.ReadAllBytes(Path.Combine(runDirectory, "cases.csv")));
        var rows = new List<(string Case, string Pipeline)>();
        while (reader.Read())
        {
            rows.Add((reader.GetString(reader.Headers.ToList().IndexOf("case_id")), reader.GetString(reader.Headers.ToList().IndexOf("pipeline"))));
        }
        return rows;
    }

    /// <summary>Reads the run's output until a line contains <paramref name="text"/> (within five minutes).</summary>
    private static async Task WaitForLineAsync(System.Diagnostics.Process process, string text)
    {
        var seen = new TaskCompletionSource();
        void Watch(object sender, System.Diagnostics.DataReceivedEventArgs line)
        {
            if (line.Data?.Contains(text, StringComparison.Ordinal) == true)
            {
                seen.TrySetResult();
            }
        }
        process.OutputDataReceived += Watch;
        process.ErrorDataReceived += Watch;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var finished = await Task.WhenAny(seen.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromMinutes(5)));
        Assert.That(finished, Is.SameAs(seen.Task), $"the run never printed '{text}' (exited: {process.HasExited})");
    }

    /// <summary>Polls the run's store until it holds some results (the run is under way), and returns their count.</summary>
    private async Task<int> WaitForResultsAsync(int atLeast, System.Diagnostics.Process process)
    {
        var store = Path.Combine(_output, "run.db");
        // Five minutes: the fine-tuned pipelines' model is trained first when it is not cached.
        for (var attempt = 0; attempt < 6000; attempt++)
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
        Assert.Fail("the run stored no results within five minutes");
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
