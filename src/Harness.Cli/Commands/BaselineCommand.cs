using System.CommandLine;
using Harness.Core.Baselines;
using Harness.Core.Store;

namespace Harness.Cli.Commands;

/// <summary>`harness baseline save &lt;run-dir&gt;`: keeps a finished run as its suite's reference for regression gates.</summary>
internal static class BaselineCommand
{
    public static Command Create()
    {
        var runDirectory = new Argument<string>("run-dir") { Description = "A run directory made by 'harness run' (results/<run-id>)." };
        var directory = new Option<string?>("--directory") { Description = "Where baselines live (default: results/baselines)." };
        var save = new Command("save", "Save a finished run as results/baselines/<suite>.json (per-case values, environment, model and dataset hashes).")
        {
            runDirectory,
            directory,
        };
        save.SetAction(parse => Save(parse.GetValue(runDirectory)!, parse.GetValue(directory)));
        return new Command("baseline", "Manage the baselines regression gates compare with.") { save };
    }

    private static int Save(string runDirectory, string? directory)
    {
        try
        {
            var run = RunRepository.Load(runDirectory);
            if (run.Info.FinishedAt is null)
            {
                Console.Error.WriteLine($"harness: run {run.Info.RunId} is unfinished; resume it with 'harness run' before saving it as a baseline");
                return ExitCodes.CouldNotRun;
            }
            var path = BaselineStore.Save(Baseline.FromRun(run, DateTimeOffset.UtcNow), directory);
            var models = run.Environment.Models.Count == 0
                ? "no model files"
                : string.Join(", ", run.Environment.Models.Select(m => $"{m.Role} {m.Name} {m.Sha256[..Math.Min(12, m.Sha256.Length)]}"));
            Console.WriteLine($"saved {path}: run {run.Info.RunId}, {run.Cases.Count} cases × {run.Pipelines.Count} pipelines, " +
                              $"{models}, dataset {run.Info.DatasetHash ?? "(no hash)"}");
            return ExitCodes.Success;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"harness: {e.Message}");
            return ExitCodes.CouldNotRun;
        }
    }
}
