using System.CommandLine;
using Harness.Cli.Output;
using Harness.Core.Gates;
using Harness.Engine;
using Spectre.Console;

namespace Harness.Cli.Commands;

/// <summary>
/// `harness merge &lt;shard-dir&gt;… --out &lt;dir&gt;`: joins the run folders of 'harness run --shard i/n' into the
/// one run the unsharded command would have written (timings aside), then applies the suite's gates and
/// writes its files and report. Exit 0: every gate passed; 1: a gate failed; 2: the folders are not the
/// n finished shards of one run (the message says why).
/// </summary>
internal static class MergeCommand
{
    public static Command Create()
    {
        var shards = new Argument<string[]>("shards") { Description = "The run folders of all n shards of one run.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out") { Description = "The merged run's folder (must not hold a run yet).", Required = true };
        var baseline = new Option<bool>("--baseline") { Description = "Apply regression gates against results/baselines/<suite>.json." };
        var baselineDirectory = new Option<string?>("--baseline-dir") { Description = "Where baselines are (default results/baselines)." };
        var verbose = new Option<bool>("--verbose") { Description = "Log what the harness does." };
        var command = new Command("merge", "Merge the run folders of 'harness run --shard i/n' into one run, with its gates and report.")
        {
            shards, output, baseline, baselineDirectory, verbose,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var loggers = ConsoleLogging.Create(parseResult.GetValue(verbose));
            var session = new SessionOptions { UseBaseline = parseResult.GetValue(baseline), BaselineDirectory = parseResult.GetValue(baselineDirectory) };
            try
            {
                var result = await new SuiteSession(loggers).MergeAsync(parseResult.GetValue(shards)!, parseResult.GetValue(output)!, session, cancellationToken);
                RunSummaryView.Write(result);
                return result.Verdict == GateVerdict.Fail ? ExitCodes.GateFailed : ExitCodes.Success;
            }
            catch (Exception exception) when (UserFacingError.IsExpected(exception))
            {
                AnsiConsole.MarkupLineInterpolated($"[red]harness: nothing merged:[/] {UserFacingError.Describe(exception)}");
                return ExitCodes.CouldNotRun;
            }
        });
        return command;
    }
}
