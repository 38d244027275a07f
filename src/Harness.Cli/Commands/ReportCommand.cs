using System.CommandLine;
using Harness.Cli.Output;
using Harness.Core.Baselines;
using Harness.Core.Store;
using Harness.Reporting;
using Harness.Reporting.Comparison;
using Spectre.Console;

namespace Harness.Cli.Commands;

/// <summary>`harness report &lt;run-dir&gt; [--compare &lt;run-dir&gt;]`: (re)writes a run's files and report.html, or the comparison of two runs.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var run = new Argument<string>("run") { Description = "A run directory (results/<run-id>)." };
        var compare = new Option<string?>("--compare") { Description = "A second run: writes the paired comparison of this run against it." };
        var force = new Option<bool>("--force") { Description = "Compare even when the runs' model or dataset hashes differ." };
        var command = new Command("report", "Write a run's CSV files, charts and self-contained report.html (or a comparison of two runs).") { run, compare, force };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            try
            {
                var runA = RunRepository.Load(parseResult.GetValue(run)!);
                if (parseResult.GetValue(compare) is not { } other)
                {
                    var outcome = await ReportWriter.WriteAsync(runA, parseResult.GetValue(run)!, cancellationToken: cancellationToken);
                    Print(parseResult.GetValue(run)!, outcome);
                    return ExitCodes.Success;
                }
                var runB = RunRepository.Load(other);
                if (!parseResult.GetValue(force) && RunCompatibility.Differences(runA, runB) is { Count: > 0 } reasons)
                {
                    AnsiConsole.MarkupLineInterpolated($"[red]harness: refusing to compare:[/] {string.Join("; ", reasons)} (pass --force to compare anyway)");
                    return ExitCodes.CouldNotRun;
                }
                var directory = Path.Combine(other, "comparison-" + runA.Info.RunId);
                var rows = PairedComparisonRow.Compute(runA, runB);
                var comparison = await ReportWriter.WriteComparisonAsync(runA, runB, rows, directory, cancellationToken: cancellationToken);
                Print(directory, comparison);
                return ExitCodes.Success;
            }
            catch (Exception exception) when (UserFacingError.IsExpected(exception))
            {
                AnsiConsole.MarkupLineInterpolated($"[red]harness: no report:[/] {UserFacingError.Describe(exception)}");
                return ExitCodes.CouldNotRun;
            }
        });
        return command;
    }

    private static void Print(string directory, ReportOutcome outcome)
    {
        foreach (var message in outcome.Messages)
        {
            AnsiConsole.MarkupLine($"[yellow]{Markup.Escape(message)}[/]");
        }
        foreach (var file in outcome.Files)
        {
            var path = Path.Combine(directory, file);
            var size = File.Exists(path) ? new FileInfo(path).Length : 0;
            Console.Out.WriteLine($"{path}\t{size} bytes");
        }
    }
}
