using System.Globalization;
using Harness.Core.Gates;
using Harness.Engine;
using Harness.Reporting;
using Spectre.Console;

namespace Harness.Cli.Output;

/// <summary>
/// The end-of-run table: each pipeline's overview metrics with 95% CIs and its median total latency (as summary.md
/// reads it, <see cref="RunLatency"/>), then where replayed answers' latency comes from, the gates and the files written.
/// </summary>
internal static class RunSummaryView
{
    public static void Write(SessionResult result)
    {
        var run = result.Run;
        var metrics = HeadlineMetrics.Overview(run);
        var table = new Table().Title(Markup.Escape($"{run.Info.Suite} ({run.Info.Dataset}, {run.Cases.Count} cases, run {run.Info.RunId})"));
        table.AddColumn("pipeline");
        foreach (var metric in metrics)
        {
            table.AddColumn(new TableColumn(Markup.Escape(metric.Id)).RightAligned());
        }
        table.AddColumn(new TableColumn("median latency (ms)").RightAligned());
        table.AddColumn(new TableColumn("errors").RightAligned());
        foreach (var pipeline in run.Pipelines)
        {
            var cells = new List<string> { Markup.Escape($"{pipeline.Name} ({pipeline.Kind})") };
            foreach (var metric in metrics)
            {
                var summary = run.Summary.FirstOrDefault(s => s.Pipeline == pipeline.Name && s.MetricId == metric.Id);
                cells.Add(summary is null ? "–" : Markup.Escape(DisplayFormat.MeanWithInterval(summary, metric)));
            }
            cells.Add(Markup.Escape(RunLatency.MedianTotalCell(run, pipeline.Name)));
            var errors = run.Results.Count(r => r.Pipeline == pipeline.Name && r.Error is not null);
            cells.Add(errors == 0 ? "0" : $"[red]{errors.ToString(CultureInfo.InvariantCulture)}[/]");
            table.AddRow(cells.ToArray());
        }
        AnsiConsole.Write(table);
        if (run.Summary.Any(s => s.SmallSample && metrics.Any(m => m.Id == s.MetricId)))
        {
            AnsiConsole.MarkupLine($"[grey]{Markup.Escape(DisplayFormat.SmallSampleNote)}[/]");
        }
        if (RunLatency.ReplayNote(run) is { } note)
        {
            AnsiConsole.MarkupLine($"[grey]{Markup.Escape(note)}[/]");
        }
        if (run.Info.SupportScorer is { } scorer)
        {
            var calibration = scorer.Calibrations.Count > 0
                ? string.Join("; ", scorer.Calibrations.Select(c => $"AUROC vs {c.Labels} {c.Auroc?.ToString() ?? "–"} (n = {c.N.ToString(CultureInfo.InvariantCulture)})"))
                : scorer.CalibrationNote ?? "not calibrated";
            AnsiConsole.MarkupLine($"claims judged by [blue]{Markup.Escape(scorer.Name)}[/] ({Markup.Escape(scorer.Identity)}): {Markup.Escape(calibration)}");
        }
        foreach (var gate in run.Gates)
        {
            var colour = gate.Verdict switch { GateVerdict.Pass => "green", GateVerdict.Fail => "red", _ => "yellow" };
            AnsiConsole.MarkupLine($"[{colour}]{Markup.Escape(DisplayFormat.Verdict(gate.Verdict))}[/] {Markup.Escape(gate.Name)}: {Markup.Escape(gate.Message)}");
        }
        if (run.Gates.Count > 0)
        {
            AnsiConsole.MarkupLine($"gates: {Markup.Escape(GateEvaluator.Tally(run.Gates))}");
        }
        if (run.Gates.Any(g => g.Verdict == GateVerdict.Inconclusive))
        {
            AnsiConsole.MarkupLine($"[yellow]{Markup.Escape(InconclusiveReasons.DoesNotFailTheRun)}[/]");
        }
        foreach (var message in result.Report.Messages)
        {
            AnsiConsole.MarkupLine($"[yellow]{Markup.Escape(message)}[/]");
        }
        AnsiConsole.MarkupLine($"results: [blue]{Markup.Escape(result.Directory)}[/] ({Markup.Escape(string.Join(", ", result.Report.Files))})");
    }
}
