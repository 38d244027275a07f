using System.Text;
using Harness.Core.Gates;
using Harness.Core.Results;
using Harness.Core.Statistics;
using Harness.Reporting.Decision;

namespace Harness.Reporting.Exporters;

/// <summary>
/// summary.md: the decision on the headline metric (<see cref="DecisionText"/>), gates with verdicts and a per-pipeline headline table (its latency read as <see cref="RunLatency"/>
/// reads it, with a note on replayed answers' latency), for CI job summaries
/// (e.g. appended to $GITHUB_STEP_SUMMARY). Every piece of text is escaped for Markdown.
/// </summary>
public sealed class MarkdownSummaryExporter : RunFileExporter
{
    public const string FileName = "summary.md";

    public override string Name => FileName;

    public static string Render(RunResult run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var md = new StringBuilder();
        var info = run.Info;
        md.Append("# Harness: ").Append(MarkdownText.Escape(info.Suite)).Append('\n').Append('\n');
        md.Append("Dataset **").Append(MarkdownText.Escape(info.Dataset)).Append("**, run `")
            .Append(info.RunId.Replace("`", "", StringComparison.Ordinal)).Append("`, ")
            .Append(DisplayFormat.Date(info.StartedAt)).Append(", ")
            .Append(run.Cases.Count).Append(" cases × ").Append(run.Pipelines.Count).Append(" pipelines.\n\n");
        AppendDecision(md, RunDecision.Build(run));
        AppendGates(md, run.Gates);
        AppendPipelines(md, run);
        AppendLabels(md, run);
        AppendTraining(md, run.Training);
        return md.ToString();
    }

    protected override Task WriteAsync(RunResult run, Stream stream, CancellationToken cancellationToken) =>
        stream.WriteAsync(AtomicFile.Utf8.GetBytes(Render(run)), cancellationToken).AsTask();

    /// <summary>The answer first: <see cref="DecisionText"/>'s sentence, tables and notes (the Pareto charts are in report.html).</summary>
    private static void AppendDecision(StringBuilder md, RunDecision? decision)
    {
        if (decision is null)
        {
            return;
        }
        md.Append("## ").Append(MarkdownText.Escape(DecisionText.Title(decision))).Append("\n\n")
            .Append(MarkdownText.Escape(DecisionText.Sentence(decision))).Append("\n\n");
        AppendTable(md, DecisionText.Approaches(decision));
        var differences = DecisionText.Differences(decision);
        if (differences.Rows.Count > 0)
        {
            md.Append("Paired differences between approaches:\n\n");
            AppendTable(md, differences);
        }
        foreach (var note in DecisionText.Notes(decision))
        {
            md.Append(MarkdownText.Escape(note)).Append("\n\n");
        }
    }

    private static void AppendTable(StringBuilder md, DecisionTable table)
    {
        md.Append('|').AppendJoin("", table.Columns.Select(c => $" {MarkdownText.Escape(c.Title)} |")).Append('\n')
            .Append('|').AppendJoin("", table.Columns.Select(c => c.Numeric ? " ---: |" : " --- |")).Append('\n');
        foreach (var row in table.Rows)
        {
            md.Append('|').AppendJoin("", row.Select(cell => $" {MarkdownText.Escape(cell)} |")).Append('\n');
        }
        md.Append('\n');
    }

    private static void AppendGates(StringBuilder md, IReadOnlyList<GateResult> gates)
    {
        md.Append("## Gates\n\n");
        if (gates.Count == 0)
        {
            md.Append("No gates.\n\n");
            return;
        }
        md.Append(GateEvaluator.Tally(gates)).Append(".\n\n");
        md.Append("| Verdict | Gate | Value | 95% CI | Threshold | n | Detail |\n");
        md.Append("| --- | --- | ---: | --- | ---: | ---: | --- |\n");
        foreach (var gate in gates)
        {
            md.Append("| ").Append(VerdictBadge(gate.Verdict))
                .Append(" | ").Append(MarkdownText.Escape(gate.Name))
                .Append(" | ").Append(DisplayFormat.Value(gate.Value))
                .Append(" | ").Append(DisplayFormat.Interval(gate.CiLow, gate.CiHigh))
                .Append(" | ").Append(DisplayFormat.Value(gate.Threshold))
                .Append(" | ").Append(gate.N)
                .Append(" | ").Append(MarkdownText.Escape(gate.Message))
                .Append(" |\n");
        }
        md.Append('\n');
    }

    private static void AppendPipelines(StringBuilder md, RunResult run)
    {
        md.Append("## Pipelines\n\n");
        var metrics = HeadlineMetrics.Overview(run);
        md.Append("| Pipeline | Kind |");
        foreach (var metric in metrics)
        {
            md.Append(' ').Append(MarkdownText.Escape(metric.DisplayName)).Append(" (95% CI) |");
        }
        md.Append(" Median total latency (ms) | Errors |\n| --- | --- |");
        md.Append(string.Concat(metrics.Select(_ => " ---: |"))).Append(" ---: | ---: |\n");
        var kinds = run.Pipelines.ToDictionary(p => p.Name, p => p.Kind, StringComparer.Ordinal);
        foreach (var pipeline in RunOrdering.PipelineNames(run))
        {
            md.Append("| ").Append(MarkdownText.Escape(pipeline))
                .Append(" | ").Append(MarkdownText.Escape(kinds.GetValueOrDefault(pipeline, "")))
                .Append(" |");
            foreach (var metric in metrics)
            {
                var summary = run.Summary.FirstOrDefault(s => s.Pipeline == pipeline && s.MetricId == metric.Id);
                md.Append(' ').Append(summary is null ? "–" : DisplayFormat.MeanWithInterval(summary, metric)).Append(" |");
            }
            md.Append(' ').Append(MarkdownText.Escape(RunLatency.MedianTotalCell(run, pipeline))).Append(" |");
            md.Append(' ').Append(run.Results.Count(r => r.Pipeline == pipeline && r.Error is not null)).Append(" |\n");
        }
        if (run.Summary.Any(s => s.SmallSample && metrics.Any(m => m.Id == s.MetricId)))
        {
            md.Append('\n').Append(MarkdownText.Escape(DisplayFormat.SmallSampleNote)).Append('\n');
        }
        if (RunLatency.ReplayNote(run) is { } note)
        {
            md.Append('\n').Append(MarkdownText.Escape(note)).Append('\n');
        }
    }

    /// <summary>With human labels: each labelled aggregate's three intervals, so a reader sees what the labels and the scorer each contribute.</summary>
    private static void AppendLabels(StringBuilder md, RunResult run)
    {
        if (run.Labels is not { } labels)
        {
            return;
        }
        md.Append("\n## Human labels\n\n").Append(labels.Matched.Count).Append(" labels used, ").Append(labels.Stale.Count)
            .Append(" stale (their claim is not in this run; not used). Summaries and gates use the prediction-powered interval.\n\n");
        md.Append("| Pipeline | Metric | n labelled / N judged | Labels only | Scorer only (uncalibrated) | Prediction-powered |\n");
        md.Append("| --- | --- | ---: | --- | --- | --- |\n");
        foreach (var estimate in labels.Estimates)
        {
            md.Append("| ").Append(MarkdownText.Escape(estimate.Pipeline))
                .Append(" | ").Append(MarkdownText.Escape(estimate.MetricId))
                .Append(" | ").Append(estimate.Labelled).Append(" / ").Append(estimate.Judged)
                .Append(" | ").Append(Interval(estimate.LabelsOnly))
                .Append(" | ").Append(Interval(estimate.ScorerOnly))
                .Append(" | ").Append(Interval(estimate.PredictionPowered))
                .Append(" |\n");
        }
    }

    private static string Interval(ConfidenceInterval? ci) =>
        ci is { } c ? $"{DisplayFormat.Value(c.Estimate)} {DisplayFormat.Interval(c.Low, c.High)}" : "–";

    /// <summary>What fine-tuning cost, per trained pipeline (only when the run trained or reused a model).</summary>
    private static void AppendTraining(StringBuilder md, IReadOnlyList<TrainingRecord> trainings)
    {
        if (trainings.Count == 0)
        {
            return;
        }
        md.Append("\n## Training\n\n| Pipeline | Data | Epochs |");
        var labels = TrainingFigures.Of(trainings[0]);
        foreach (var figure in labels)
        {
            md.Append(' ').Append(MarkdownText.Escape(figure.Label)).Append(" |");
        }
        md.Append(" Note |\n| --- | --- | ---: |").Append(string.Concat(labels.Select(_ => " ---: |"))).Append(" --- |\n");
        foreach (var training in trainings)
        {
            md.Append("| ").Append(MarkdownText.Escape(training.Pipeline))
                .Append(" | ").Append(MarkdownText.Escape(training.Data))
                .Append(" | ").Append(training.Epochs).Append(" |");
            foreach (var figure in TrainingFigures.Of(training))
            {
                md.Append(' ').Append(figure.Value is { } value ? DisplayFormat.Value(value, figure.Format) : "–").Append(" |");
            }
            var note = training.Error ?? string.Join("; ", new[] { training.Reused ? "reused from the cache (cost of the run that trained it)" : null, training.Stopping }.OfType<string>());
            md.Append(' ').Append(MarkdownText.Escape(note)).Append(" |\n");
        }
    }

    private static string VerdictBadge(GateVerdict verdict) => verdict switch
    {
        GateVerdict.Pass => "✅ pass",
        GateVerdict.Fail => "❌ fail",
        _ => "⚠️ inconclusive",
    };
}
