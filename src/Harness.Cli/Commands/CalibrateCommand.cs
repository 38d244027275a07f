using System.CommandLine;
using System.Globalization;
using Harness.Cli.Output;
using Harness.Core.Statistics;
using Harness.Engine.Scoring;
using Harness.Metrics.Faithfulness.Calibration;

namespace Harness.Cli.Commands;

/// <summary>
/// `harness calibrate --scorer lexical|semantic|judge:&lt;card&gt; [--labels expertqa|dstc11-human-eval|suite:&lt;suite.yaml&gt;] [--save]`:
/// how well a support scorer agrees with people (AUROC, balanced accuracy, Cohen's κ, F1 with
/// bootstrap 95% CIs), saved to the git-ignored results/calibration-runs/&lt;scorer&gt;.json, or with
/// --save to the committed results/calibration/&lt;scorer&gt;.json that runs and gates read.
/// </summary>
internal static class CalibrateCommand
{
    public static Command Create()
    {
        var scorer = new Option<string>("--scorer") { Description = "lexical, semantic or judge:<model card>.", Required = true };
        var labels = new Option<string[]>("--labels")
        {
            Description = $"Human-label sets to measure against ({string.Join(", ", HumanLabelSets.Names)}, or {SuiteHumanLabels.Prefix}<suite.yaml>: the suite's own labels from 'harness label import'); default: {string.Join(" and ", HumanLabelSets.Names)}.",
            AllowMultipleArgumentsPerToken = true,
        };
        var refit = new Option<bool>("--refit") { Description = "semantic only: refit its logistic model on ExpertQA val first (writes models/scorers/semantic-support.json)." };
        var embedder = new Option<string>("--embedder")
        {
            Description = "With --refit: the sentence embedder of the similarity feature, by its embedder-factory name (e.g. minilm), or none.",
            DefaultValueFactory = _ => "none",
        };
        var limit = new Option<int>("--limit")
        {
            Description = "Measure a seeded subset of this many labels of each set (0: all) - for slow judges; the CIs widen accordingly.",
        };
        var save = new Option<bool>("--save")
        {
            Description = "Write results/calibration/<scorer>.json, the committed calibration runs and gates read (default: results/calibration-runs/, git-ignored).",
        };
        var ppiLabelled = new Option<int>("--ppi-labelled")
        {
            Description = "The prediction-powered check: how many of each set's labels count as labelled (the rest as judged by the scorer only), over 500 seeds.",
            DefaultValueFactory = _ => 150,
        };
        var command = new Command("calibrate", "Measure a faithfulness support scorer against human labels; --save stores the calibration gates read.") { scorer, labels, refit, embedder, limit, save, ppiLabelled };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var sets = parseResult.GetValue(labels) is { Length: > 0 } chosen ? chosen : [.. HumanLabelSets.Names];
            try
            {
                var name = parseResult.GetValue(scorer)!;
                var progress = new Progress<(string Labels, int Done, int Total)>(p =>
                {
                    if (p.Done % 100 == 0 || p.Done == p.Total)
                    {
                        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {p.Labels}: {p.Done}/{p.Total}"));
                    }
                });
                var calibrator = new ScorerCalibrator(parseResult.GetValue(save));
                if (parseResult.GetValue(refit))
                {
                    if (name != SupportScorers.Semantic)
                    {
                        throw new ArgumentException($"--refit fits the semantic scorer only; '{name}' has nothing to fit");
                    }
                    var (model, path) = await calibrator.RefitSemanticAsync(parseResult.GetValue(embedder)!, cancellationToken);
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"refitted {path} on {model.FittedOn} (sha256 {model.DataSha256[..12]}…, {model.Items} claims, {model.Positives} supported), embedder {model.Embedder}"));
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  {model.Folds}-fold cross-validated AUROC {Format(model.CrossValidatedAurocInterval)}; threshold {model.Threshold:0.000} ({model.ThresholdRule})"));
                    if (model.Baseline is { } baseline)
                    {
                        output.WriteLine($"  {baseline.Scorer} on the same claims: AUROC {Format(baseline.Auroc)}; difference (cross-validated − {baseline.Scorer}) {Format(baseline.Difference)}");
                    }
                    output.WriteLine($"  weights: {string.Join(", ", model.Features.Select((f, i) => string.Create(CultureInfo.InvariantCulture, $"{f} {model.Model.Weights[i]:0.000}")))}");
                }
                var outcomes = await calibrator.RunAsync(name, sets, progress, cancellationToken, parseResult.GetValue(limit));
                output.WriteLine($"scorer {name} ({outcomes[0].Record.ScorerIdentity}) against human labels, bootstrap 95% CIs:");
                // A suite's labels are named by its path, often longer than the published sets' names.
                var width = outcomes.Max(o => Math.Max(o.Labels.Name.Length, 18));
                output.WriteLine($"{"labels".PadRight(width)} {"n",5} {"supported",9} {"errors",6}  {"AUROC",-22} {"balanced accuracy",-22} {"Cohen's κ",-22} {"F1",-22}");
                foreach (var outcome in outcomes)
                {
                    var r = outcome.Result;
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{outcome.Labels.Name.PadRight(width)} {r.Items - r.Errors,5} {r.Positives,9} {r.Errors,6}  {Format(r.Auroc),-22} {Format(r.BalancedAccuracy),-22} {Format(r.Kappa),-22} {Format(r.F1),-22}"));
                }
                WritePredictionPoweredCheck(output, outcomes.Select(o => (o.Labels.Name, o.Result)), parseResult.GetValue(ppiLabelled));
                output.WriteLine(parseResult.GetValue(save)
                    ? $"saved {outcomes[0].SavedTo}"
                    : $"saved {outcomes[0].SavedTo} (runs and gates read {new CalibrationStore().PathOf(name)}: --save writes it)");
                return ExitCodes.Success;
            }
            catch (Exception e) when (e is ArgumentException or IOException or InvalidDataException or Core.Datasets.DatasetException)
            {
                parseResult.InvocationConfiguration.Error.WriteLine($"harness calibrate: {UserFacingError.Describe(e)}");
                return ExitCodes.CouldNotRun;
            }
        });
        return command;
    }

    /// <summary>Seeds of the prediction-powered check: enough that a coverage of 0.95 is measured to about ±0.01.</summary>
    private const int PredictionPoweredSeeds = 500;

    /// <summary>
    /// The real-data check of prediction-powered intervals (src/Harness.Metrics/README.md): per label set, a seeded
    /// uniform n of the labels count as labelled and the rest as scored only; over 500 seeds, how often the interval
    /// of the supported rate covers the rate over all the labels, and its width beside the labels-only interval.
    /// </summary>
    private static void WritePredictionPoweredCheck(TextWriter output, IEnumerable<(string Labels, CalibrationResult Result)> outcomes, int labelled)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"prediction-powered supported rate, {labelled} labelled, {PredictionPoweredSeeds} seeds (interval against the rate over all labels; labels only = Clopper–Pearson on the {labelled}):"));
        output.WriteLine($"{"labels",-18} {"N",5} {"true rate",9}  {"coverage",8} {"mean width",10}  {"labels-only coverage",20} {"mean width",10}");
        foreach (var (name, result) in outcomes)
        {
            var items = result.Judged.Select(j => (j.Human, j.Predicted)).ToArray();
            if (items.Length < labelled)
            {
                output.WriteLine($"{name,-18} {items.Length,5}  fewer labels than --ppi-labelled {labelled}");
                continue;
            }
            var truth = (double)items.Count(i => i.Human) / items.Length;
            var c = PpiCoverage.OfLabelledSamples(items, truth, labelled, PredictionPoweredSeeds);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-18} {items.Length,5} {truth,9:0.000}  {c.Coverage,8:0.000} {c.MeanWidth,10:0.000}  {c.ClassicalCoverage,20:0.000} {c.ClassicalMeanWidth,10:0.000}"));
        }
    }

    private static string Format(ConfidenceInterval? interval) => interval?.ToString() ?? "–";
}
