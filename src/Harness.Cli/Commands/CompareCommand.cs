using System.CommandLine;
using System.Globalization;
using Harness.Core;
using Harness.Core.Baselines;
using Harness.Core.Gates;
using Harness.Core.Results;
using Harness.Core.Store;
using Harness.Reporting.Comparison;

namespace Harness.Cli.Commands;

/// <summary>
/// `harness compare &lt;runA&gt; &lt;runB&gt;`: B against A on every pipeline × metric, paired on shared
/// cases, printed as a table and written as CSV. Exit 1 when anything regressed or is in error.
/// </summary>
internal static class CompareCommand
{
    public static Command Create()
    {
        var runA = new Argument<string>("runA") { Description = "The reference: a run directory or a baseline file (results/baselines/<suite>.json)." };
        var runB = new Argument<string>("runB") { Description = "The run compared with it: a run directory or a baseline file." };
        var margin = new Option<double>("--margin") { Description = "Non-inferiority margin for ratio metrics.", DefaultValueFactory = _ => 0.02 };
        var relativeMargin = new Option<double>("--relative-margin")
        {
            Description = "Non-inferiority margin for metrics with a unit (latency, cost), as a share of A's mean.",
            DefaultValueFactory = _ => RegressionGate.DefaultRelativeMargin,
        };
        var force = new Option<bool>("--force") { Description = "Compare even when the model or dataset hashes differ." };
        var output = new Option<string?>("--output") { Description = "CSV file to write (default: results/comparisons/<A>_vs_<B>.csv)." };
        var command = new Command("compare", "Compare two runs case by case: differences with 95% CIs, p-values and Holm-adjusted p-values.")
        {
            runA,
            runB,
            margin,
            relativeMargin,
            force,
            output,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetValue(runA)!, parse.GetValue(runB)!, parse.GetValue(margin), parse.GetValue(relativeMargin), parse.GetValue(force), parse.GetValue(output), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string pathA, string pathB, double margin, double relativeMargin, bool force, string? output, CancellationToken cancellationToken)
    {
        RunResult a, b;
        IReadOnlyList<ComparisonRow> rows;
        try
        {
            a = Load(pathA);
            b = Load(pathB);
            rows = RunComparison.Compare(a, b, margin, GateOptions.Default with { Force = force }, relativeMargin);
        }
        catch (IncompatibleRunsException e)
        {
            Console.Error.WriteLine($"harness: refusing to compare {pathA} with {pathB}: {e.Message}");
            return ExitCodes.CouldNotRun;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"harness: {e.Message}");
            return ExitCodes.CouldNotRun;
        }

        Console.WriteLine($"A = {a.Info.RunId}, B = {b.Info.RunId}; difference = B - A, paired on shared cases, " +
                          $"Holm-adjusted over every one-sided hypothesis of the {rows.Count} comparisons; margin {margin.ToString(CultureInfo.InvariantCulture)} on ratio metrics, " +
                          $"{(relativeMargin * 100).ToString(CultureInfo.InvariantCulture)}% of A's mean on latency and cost");
        Console.Write(Table(rows, b));
        var csvPath = output ?? Path.Combine(RepositoryPaths.Results, "comparisons", $"{a.Info.RunId}_vs_{b.Info.RunId}.csv");
        await ComparisonFiles.WriteCsvAsync([.. rows.Select(PairedComparisonRow.From)], csvPath, cancellationToken);
        Console.WriteLine($"written {csvPath}");
        return rows.Any(r => r.Verdict is ComparisonVerdict.Regressed or ComparisonVerdict.Error) ? ExitCodes.GateFailed : ExitCodes.Success;
    }

    /// <summary>A baseline file or a run directory.</summary>
    private static RunResult Load(string path) =>
        File.Exists(path) && path.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
            ? BaselineStore.Load(path).ToRunResult()
            : RunRepository.Load(path);

    private static string Table(IReadOnlyList<ComparisonRow> rows, RunResult b)
    {
        string[] header = ["metric", "pipeline", "n", "A", "B", "B - A [95% CI]", "p", "adj. p", "verdict"];
        var cells = rows.Select(r =>
        {
            var format = b.Metrics.FirstOrDefault(m => m.Id == r.Metric)?.Format ?? "0.000";
            return new[]
            {
                r.Metric, r.Pipeline, r.N.ToString(CultureInfo.InvariantCulture), Number(r.MeanA, format), Number(r.MeanB, format),
                r.Difference is { } d ? $"{Number(d.Estimate, "+" + format + ";-" + format)} [{Number(d.Low, format)}, {Number(d.High, format)}]" : "-",
                PValue(r.PValue), PValue(r.AdjustedPValue), PairedComparisonRow.VerdictText(r.Verdict),
            };
        }).ToArray();
        var widths = header.Select((h, i) => cells.Select(c => c[i].Length).Append(h.Length).Max()).ToArray();
        var writer = new StringWriter(CultureInfo.InvariantCulture);
        foreach (var line in cells.Prepend(header))
        {
            writer.WriteLine(string.Join("  ", line.Select((cell, i) => i >= 2 && i <= 7 ? cell.PadLeft(widths[i]) : cell.PadRight(widths[i]))).TrimEnd());
        }
        return writer.ToString();
    }

    private static string PValue(double? p) => p < 0.0001 ? "<0.0001" : Number(p, "0.0000");

    private static string Number(double? value, string format) => value?.ToString(format, CultureInfo.InvariantCulture) ?? "-";

}
