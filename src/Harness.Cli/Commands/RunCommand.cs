using System.CommandLine;
using Harness.Cli.Output;
using Harness.Core;
using Harness.Core.Caching;
using Harness.Core.Datasets;
using Harness.Core.Gates;
using Harness.Core.Models;
using Harness.Core.Running;
using Harness.Core.Running.Sharding;
using Harness.Core.Suites;
using Harness.Engine;
using Harness.Engine.Planning;
using Harness.Pipelines.Training;
using Spectre.Console;

namespace Harness.Cli.Commands;

/// <summary>
/// `harness run &lt;suite.yaml|folder&gt;…`: validates every suite first (nothing runs if one is broken),
/// then runs each with a progress bar, prints its summary and gates, and writes its files and report.
/// Exit 0: every gate passed; 1: a gate failed; 2: a suite could not run.
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var suites = new Argument<string[]>("suites") { Description = "Suite files or folders of suites.", Arity = ArgumentArity.OneOrMore };
        var pipeline = new Option<string[]>("--pipeline") { Description = "Run only this pipeline (repeatable)." };
        var limit = new Option<int?>("--limit") { Description = "Cases per suite (0: all); overrides the suite's limit." }.AtLeast(0, "0 runs every case");
        var seed = new Option<int?>("--seed") { Description = "Seed of the case sample and the bootstrap; overrides the suite's seed." };
        var cache = new Option<CacheMode>("--cache") { Description = "Generation cache: replay (default), refresh or off.", DefaultValueFactory = _ => CacheMode.Replay };
        var threads = ThreadCount.Option("Decoding threads of local models (0: all cores).");
        var parallel = new Option<int>("--parallel") { Description = "Cases decoded together as parallel sequences.", DefaultValueFactory = _ => 4 }.AtLeast(1, "one case at a time");
        var gpuLayers = new Option<int>("--gpu-layers") { Description = "Model layers offloaded to the GPU (CUDA backend)." }.AtLeast(0, "0 keeps every layer on the CPU");
        var output = new Option<string?>("--out") { Description = "Run directory (default: results/<suite>-<time>, or the unfinished run of the same configuration)." };
        var fresh = new Option<bool>("--fresh") { Description = "Start a new run even when an unfinished one can be resumed." };
        var baseline = new Option<bool>("--baseline") { Description = "Apply regression gates against results/baselines/<suite>.json." };
        var baselineDirectory = new Option<string?>("--baseline-dir") { Description = "Where baselines are (default results/baselines)." };
        var shard = new Option<Shard?>("--shard")
        {
            Description = "Run shard i of n (i/n): a deterministic 1/n of the cases; 'harness merge' joins the n run folders.",
            CustomParser = result => ParseShard(result),
        };
        var formats = new Option<string[]>("--formats")
        {
            Description = $"Write only these report formats ({string.Join(", ", ReportFormats.Names)}; repeatable or comma-separated); overrides the suite's 'report: {{ formats }}'.",
            CustomParser = result => [.. result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))],
        };
        formats.Validators.Add(result =>
        {
            foreach (var format in result.GetValueOrDefault<string[]>() ?? [])
            {
                if (ReportFormats.Unknown(format) is { } unknown)
                {
                    result.AddError($"--formats: {unknown}");
                }
            }
        });
        var verbose = new Option<bool>("--verbose") { Description = "Log what the harness does (index builds, resumes)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the plan (variants, cases, indexes, training tokens, a time estimate) and run nothing." };
        var command = new Command("run", "Run suites: every case through every pipeline, scored, with confidence intervals, gates and a report.")
        {
            suites, pipeline, limit, seed, cache, threads, parallel, gpuLayers, output, fresh, shard, baseline, baselineDirectory, formats, verbose, dryRun,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var options = new RunOptions
            {
                Pipelines = parseResult.GetValue(pipeline) ?? [],
                Limit = parseResult.GetValue(limit),
                Seed = parseResult.GetValue(seed),
                Cache = parseResult.GetValue(cache),
                Threads = ThreadCount.Get(parseResult, threads),
                Parallel = parseResult.GetValue(parallel),
                GpuLayers = parseResult.GetValue(gpuLayers),
                OutputDirectory = parseResult.GetValue(output),
                Fresh = parseResult.GetValue(fresh),
                Shard = parseResult.GetValue(shard),
            };
            var session = new SessionOptions { UseBaseline = parseResult.GetValue(baseline), BaselineDirectory = parseResult.GetValue(baselineDirectory) };
            var chosenFormats = parseResult.GetValue(formats) is { Length: > 0 } named ? named : null;
            return await RunAsync(parseResult.GetValue(suites)!, options, session, chosenFormats, parseResult.GetValue(verbose), parseResult.GetValue(dryRun), cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(
        IReadOnlyList<string> paths, RunOptions options, SessionOptions session, IReadOnlyList<string>? formats, bool verbose, bool dryRun, CancellationToken cancellationToken)
    {
        var validations = paths.SelectMany(new SuiteValidator().ValidatePath).ToArray();
        var problems = validations.SelectMany(v => v.Problems).ToArray();
        if (problems.Length > 0)
        {
            foreach (var problem in problems)
            {
                Console.Error.WriteLine(problem);
            }
            Console.Error.WriteLine($"harness: {problems.Length} problem(s) in the suites; nothing was run - fix them, or check with 'harness validate'");
            return ExitCodes.CouldNotRun;
        }
        if (options.OutputDirectory is { } output && UnwritableFolder(output) is { } reason)
        {
            Console.Error.WriteLine($"harness: cannot write the run folder '{output}' ({reason}) - pass --out a folder you can write; nothing was run");
            return ExitCodes.CouldNotRun;
        }
        using var loggers = ConsoleLogging.Create(verbose);
        var suites = validations.Select(v => formats is null ? v.Suite! : v.Suite! with { Formats = formats }).ToArray();
        if (dryRun)
        {
            return Plan(suites, options, loggers);
        }
        var exitCode = ExitCodes.Success;
        foreach (var suite in suites)
        {
            var suiteOptions = options.OutputDirectory is { } root && suites.Length > 1
                ? options with { OutputDirectory = PathGuard.Resolve(root, suite.Name, $"suite '{suite.Name}': run folder") }
                : options;
            try
            {
                var result = await RunProgressView.RunAsync(
                    suite.Name,
                    progress => new SuiteSession(loggers).RunAsync(suite, suiteOptions, session, progress, cancellationToken));
                RunSummaryView.Write(result);
                if (result.Verdict == GateVerdict.Fail)
                {
                    exitCode = Math.Max(exitCode, ExitCodes.GateFailed);
                }
            }
            catch (Exception exception) when (UserFacingError.IsExpected(exception))
            {
                AnsiConsole.MarkupLineInterpolated($"[red]harness: suite {suite.Name} could not run:[/] {UserFacingError.Describe(exception)}");
                exitCode = ExitCodes.CouldNotRun;
            }
        }
        return exitCode;
    }

    /// <summary>--dry-run: each suite's plan, loading datasets and cache records but no model.</summary>
    private static int Plan(IReadOnlyList<SuiteDefinition> suites, RunOptions options, Microsoft.Extensions.Logging.ILoggerFactory loggers)
    {
        var datasets = new DatasetCatalog();
        var logger = loggers.CreateLogger(FineTuner.LogCategory);
        var fineTuner = new FineTuner(new ModelCatalog(), datasets, new TrainedModelCache(TrainedModelCache.DefaultDirectory, logger), logger);
        var exitCode = ExitCodes.Success;
        foreach (var suite in suites)
        {
            try
            {
                Console.Write(RunPlan.Of(SuiteRunner.SelectPipelines(suite, options.Pipelines), options, fineTuner, datasets).Describe());
            }
            catch (Exception exception) when (UserFacingError.IsExpected(exception))
            {
                AnsiConsole.MarkupLineInterpolated($"[red]harness: suite {suite.Name} cannot be planned:[/] {UserFacingError.Describe(exception)}");
                exitCode = ExitCodes.CouldNotRun;
            }
        }
        return exitCode;
    }

    private static Shard? ParseShard(System.CommandLine.Parsing.ArgumentResult result)
    {
        try
        {
            return Shard.Parse(result.Tokens[^1].Value);
        }
        catch (FormatException e)
        {
            result.AddError($"--shard: {e.Message}");
            return null;
        }
    }

    /// <summary>Why a run could not write into the folder (created when missing), or null when it can; checked before anything runs.</summary>
    private static string? UnwritableFolder(string folder)
    {
        try
        {
            Directory.CreateDirectory(folder);
            var probe = Path.Combine(folder, $".harness-write-check-{Environment.ProcessId}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return e.Message.TrimEnd('.');
        }
    }
}
