using System.CommandLine;
using Harness.Core.Store;
using Harness.Reporting.Labelling;

namespace Harness.Cli.Commands;

/// <summary>
/// `harness label export &lt;run-dir&gt; --sample n [--seed s] [--pipeline p]` writes a labelling sheet (CSV and HTML) of a
/// seeded random sample of a run's judged claims; `harness label import &lt;sheet.csv&gt;` checks a filled sheet and stores its
/// verdicts in labels/&lt;suite&gt;.jsonl beside the suite, which later runs use for prediction-powered faithfulness.
/// </summary>
internal static class LabelCommand
{
    public static Command Create()
    {
        var runDirectory = new Argument<string>("run-dir") { Description = "A run directory made by 'harness run' whose suite measures faithfulness." };
        var size = new Option<int>("--sample") { Description = "How many cases to sample; every selected pipeline's claims on each are labelled.", DefaultValueFactory = _ => 150 };
        var seed = new Option<int?>("--seed") { Description = "Seed of the sample (default: the run's seed)." };
        var pipelines = new Option<string[]>("--pipeline") { Description = "Only these pipelines' answers (default: every pipeline with judged claims).", AllowMultipleArgumentsPerToken = true };
        var output = new Option<string?>("--out") { Description = "Folder for the sheets (default: <run-dir>/labelling)." };
        var export = new Command("export", "Write a labelling sheet: sample-seed-<s>.csv (any spreadsheet), .html (keys y / n / s; saves a CSV) and .json (the sample).")
        {
            runDirectory, size, seed, pipelines, output,
        };
        export.SetAction(parse =>
        {
            try
            {
                var directory = parse.GetValue(runDirectory)!;
                var run = RunRepository.Load(directory);
                var sample = LabellingSample.Draw(run, parse.GetValue(size), parse.GetValue(seed) ?? run.Info.Seed, parse.GetValue(pipelines) ?? []);
                var files = LabellingSheets.Write(sample, parse.GetValue(output) ?? Path.Combine(directory, "labelling"));
                parse.InvocationConfiguration.Output.WriteLine(
                    $"sample {sample.Id}: {sample.Cases} of {sample.Frame} cases, {sample.Rows.Count} claims ({string.Join(", ", sample.Pipelines)}); fill the verdict column with supported or unsupported, then 'harness label import <sheet.csv>':");
                foreach (var file in files)
                {
                    parse.InvocationConfiguration.Output.WriteLine($"  {file}");
                }
                return ExitCodes.Success;
            }
            catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or UnauthorizedAccessException)
            {
                parse.InvocationConfiguration.Error.WriteLine($"harness label export: {e.Message}");
                return ExitCodes.CouldNotRun;
            }
        });

        var sheet = new Argument<string>("sheet") { Description = "A filled sheet: the exported CSV, or the CSV the HTML page saved." };
        var import = new Command("import", "Check a filled sheet against its sample and store its verdicts in labels/<suite>.jsonl beside the suite.") { sheet };
        import.SetAction(parse =>
        {
            try
            {
                var outcome = LabellingSheets.Import(parse.GetValue(sheet)!);
                parse.InvocationConfiguration.Output.WriteLine(
                    $"stored {outcome.Labels} labels of sample {outcome.Sample.Id} in {outcome.LabelFile}" +
                    (outcome.Skipped > 0 ? $"; {outcome.Skipped} claims skipped: their answers count as unlabelled, and a sample with skips is only as random as the skipping" : ""));
                return ExitCodes.Success;
            }
            catch (Exception e) when (e is LabellingSheetException or IOException or InvalidDataException or UnauthorizedAccessException)
            {
                parse.InvocationConfiguration.Error.WriteLine($"harness label import: {e.Message}");
                return ExitCodes.CouldNotRun;
            }
        });
        return new Command("label", "Label a sample of a run's claims by hand, for prediction-powered faithfulness.") { export, import };
    }
}
