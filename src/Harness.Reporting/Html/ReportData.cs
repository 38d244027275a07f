using System.Globalization;
using Harness.Core.Data;
using Harness.Core.Metrics;
using Harness.Core.Results;
using Harness.Reporting.Charts;
using Harness.Reporting.Decision;
using Harness.Reporting.Exporters;

namespace Harness.Reporting.Html;

// The data the report page renders, serialised once as JSON into the page. Numbers stay numbers
// (the page formats them with each metric's decimals); text stays text (the page only ever sets
// it through textContent).

/// <remarks>A comparison report has no gates, summary or cases of its own (null hides the section).</remarks>
internal sealed record ReportData(
    ReportHeader Header,
    IReadOnlyList<ReportGate>? Gates,
    IReadOnlyList<ReportMetric> Metrics,
    IReadOnlyList<PipelineInfo> Pipelines,
    ReportSummaryTable? Summary,
    IReadOnlyList<ReportCase>? Cases,
    IReadOnlyDictionary<string, ReportPassage> Passages,
    IReadOnlyList<ReportChart> Charts,
    string? ChartsMessage,
    IReadOnlyList<ReportComparisonRow>? Comparison = null,
    ReportFaithfulness? Faithfulness = null,
    IReadOnlyList<TrainingRecord>? Training = null,
    ReportDecision? Decision = null);

/// <summary>The decision the page opens with (<see cref="DecisionText"/>'s words): its sentence, tables, notes and Pareto charts.</summary>
internal sealed record ReportDecision(
    string Title, string Sentence, DecisionTable Approaches, DecisionTable Differences, IReadOnlyList<string> Notes, IReadOnlyList<ReportChart> Charts);

/// <summary>
/// The per-pipeline summary as a pivot: a row per metric, grouped under the titles of the charts that show
/// them, a column per pipeline. A metric with a value in no pipeline (not applicable, or inconclusive
/// everywhere) is left out; summary.csv keeps every pipeline × metric row.
/// </summary>
internal sealed record ReportSummaryTable(IReadOnlyList<string> Pipelines, IReadOnlyList<ReportSummaryGroup> Groups);

internal sealed record ReportSummaryGroup(string Title, IReadOnlyList<ReportSummaryRow> Rows);

/// <summary>One metric's summary in each pipeline, in <see cref="ReportSummaryTable.Pipelines"/> order; null where the pipeline has none.</summary>
internal sealed record ReportSummaryRow(string MetricId, IReadOnlyList<MetricSummary?> Cells);

/// <summary>The support scorer behind faithfulness, its calibration, and per pipeline how many answers and claims got each status.</summary>
/// <summary>With human labels, <see cref="Labels"/>: each labelled aggregate's three intervals (labels only, scorer only, prediction-powered).</summary>
internal sealed record ReportFaithfulness(SupportScorerInfo? Scorer, IReadOnlyList<ReportStatusCounts> Counts, Core.Labels.RunLabels? Labels);

/// <summary>One pipeline's faithfulness values by status (ok, inconclusive, error, not applicable) and claims by verdict.</summary>
internal sealed record ReportStatusCounts(string Pipeline, IReadOnlyDictionary<string, int> Answers, IReadOnlyDictionary<string, int> Claims);

internal sealed record ReportHeader(
    string Title,
    string Suite,
    string? Description,
    string Dataset,
    string? Domain,
    string RunId,
    string Date,
    string? DatasetHash,
    int Seed,
    string CacheMode,
    string? HeadlineMetric,
    IReadOnlyList<KeyValuePair<string, string>> Environment,
    IReadOnlyList<ModelFileInfo> Models);

internal sealed record ReportGate(string Name, string Verdict, string Message, string Value, string Interval, string Threshold, int N);

internal sealed record ReportMetric(string Id, string DisplayName, string Family, string Unit, bool HigherIsBetter, int Decimals);

internal sealed record ReportPassage(string DocumentId, string Text);

internal sealed record ReportCase(
    string Id,
    string Question,
    IReadOnlyList<string> References,
    string? Label,
    IReadOnlyList<string> GoldPassageIds,
    string? ImportError,
    IReadOnlyList<ReportCaseResult> Results);

internal sealed record ReportCaseResult(
    string Pipeline,
    string? Answer,
    string? Error,
    bool FromCache,
    IReadOnlyList<ReportRetrieved> Retrieved,
    IReadOnlyList<ReportRetrieved> Context,
    IReadOnlyList<ReportValue> Metrics,
    IReadOnlyList<ReportClaim> Claims,
    double? TotalMs,
    int GeneratedTokens);

/// <summary>A judged claim of an answer: verdict, score, reason and the evidence window that decided it.</summary>
internal sealed record ReportClaim(string Text, string Verdict, double? Score, string Reason, string? EvidenceId, string? Evidence);

/// <summary>A passage shown under an answer; its text is looked up in <see cref="ReportData.Passages"/> by key.</summary>
internal sealed record ReportRetrieved(string Id, string Key, int Rank, double? Score, bool Gold);

internal sealed record ReportValue(string Id, double? Value, string Status, string? Diagnostic);

/// <summary>A chart the page shows; its SVG sits in the markup, its data in charts/&lt;name&gt;.json.</summary>
internal sealed record ReportChart(string Name, string Title, string Description);

internal sealed record ReportComparisonRow(
    string Metric, string Pipeline, double? MeanA, double? MeanB, double? Difference, double? CiLow, double? CiHigh,
    double? PValue, double? AdjustedPValue, string Verdict, string Message, int N, int Decimals);

internal static class ReportDataBuilder
{
    public static ReportData Build(RunResult run, IReadOnlyList<ChartModel> charts, string? chartsMessage, string title)
    {
        var header = Header(run, title);
        var passages = new SortedDictionary<string, ReportPassage>(StringComparer.Ordinal);
        var results = RunOrdering.Results(run).ToLookup(r => r.CaseId, StringComparer.Ordinal);
        var cases = run.Cases.Select(c => new ReportCase(
            c.Id, c.Question, c.References, c.Label, c.GoldPassageIds, c.ImportError,
            [.. results[c.Id].Select(r => CaseResult(c, r, passages))])).ToList();
        return new ReportData(
            header,
            [.. run.Gates.Select(g => new ReportGate(
                g.Name, DisplayFormat.Verdict(g.Verdict), g.Message, DisplayFormat.Value(g.Value),
                DisplayFormat.Interval(g.CiLow, g.CiHigh), DisplayFormat.Value(g.Threshold), g.N))],
            Metrics(run),
            run.Pipelines,
            SummaryTable(run),
            cases,
            passages,
            Charts(charts),
            chartsMessage,
            Faithfulness: Faithfulness(run),
            Training: run.Training);
    }

    internal static ReportDecision Decision(RunDecision decision, IReadOnlyList<ChartModel> charts) => new(
        DecisionText.Title(decision), DecisionText.Sentence(decision), DecisionText.Approaches(decision), DecisionText.Differences(decision),
        DecisionText.Notes(decision), Charts(charts));

    internal static ReportSummaryTable SummaryTable(RunResult run)
    {
        var pipelines = RunOrdering.PipelineNames(run);
        var summaries = run.Summary.ToLookup(s => s.MetricId, StringComparer.Ordinal);
        var known = run.Metrics.Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
        // Metrics in descriptor order; a summary of a metric the run does not describe goes last, under "Other metrics".
        var metrics = run.Metrics.Select(m => (m.Id, Family: RunCharts.ChartFamily(m.Family)))
            .Concat(run.Summary.Select(s => s.MetricId).Where(known.Add).Order(StringComparer.Ordinal).Select(id => (Id: id, Family: "")));
        var groups = metrics
            .Select(m => (m.Family, Row: new ReportSummaryRow(m.Id, [.. pipelines.Select(p => summaries[m.Id].FirstOrDefault(s => s.Pipeline == p))])))
            .Where(m => m.Row.Cells.Any(c => c?.Mean is not null))
            .GroupBy(m => m.Family, StringComparer.Ordinal)
            .Select(g => new ReportSummaryGroup(RunCharts.FamilyTitle(g.Key), [.. g.Select(m => m.Row)]));
        return new ReportSummaryTable(pipelines, [.. groups]);
    }

    /// <summary>Null when the run measured no faithfulness.</summary>
    private static ReportFaithfulness? Faithfulness(RunResult run)
    {
        const string faithfulness = "faithfulness";
        if (run.Metrics.All(m => m.Id != faithfulness))
        {
            return null;
        }
        var counts = RunOrdering.Results(run).GroupBy(r => r.Pipeline).Select(pipeline => new ReportStatusCounts(
            pipeline.Key,
            pipeline.Select(r => r.Find(faithfulness)).OfType<MetricValue>()
                .CountBy(v => CasesCsvExporter.StatusText(v.Status)).ToDictionary(StringComparer.Ordinal),
            pipeline.SelectMany(r => r.Claims).CountBy(c => VerdictText(c.Verdict)).ToDictionary(StringComparer.Ordinal)));
        return new ReportFaithfulness(run.Info.SupportScorer, [.. counts], run.Labels);
    }

    private static string VerdictText(ClaimVerdict verdict) => verdict switch
    {
        ClaimVerdict.Supported => "supported",
        ClaimVerdict.Unsupported => "unsupported",
        ClaimVerdict.Undecided => "undecided",
        _ => "not applicable",
    };

    internal static ReportHeader Header(RunResult run, string title)
    {
        var info = run.Info;
        var environment = run.Environment;
        return new ReportHeader(
            title,
            info.Suite,
            info.Description,
            info.Dataset,
            info.Domain,
            info.RunId,
            DisplayFormat.Date(info.StartedAt),
            info.DatasetHash,
            info.Seed,
            info.CacheMode,
            HeadlineMetrics.Headline(run)?.Id,
            EnvironmentLines(environment),
            environment.Models);
    }

    internal static IReadOnlyList<ReportMetric> Metrics(RunResult run) =>
        [.. run.Metrics.Select(m => new ReportMetric(m.Id, m.DisplayName, m.Family, m.Unit, m.HigherIsBetter, Decimals(m.Format)))];

    internal static IReadOnlyList<ReportChart> Charts(IReadOnlyList<ChartModel> charts) =>
        [.. charts.Select(c => new ReportChart(c.Name, c.Title, c.Description))];

    internal static int Decimals(string format)
    {
        var dot = format.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? 0 : format.Length - dot - 1;
    }

    private static ReportCaseResult CaseResult(EvalCase evalCase, CaseResult result, SortedDictionary<string, ReportPassage> passages)
    {
        var output = result.Output;
        var retrieved = output?.Retrieved.Select(r => Passage(evalCase, r.Passage, r.Rank, r.Score, passages)).ToList() ?? [];
        var retrievedIds = retrieved.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        // The context a closed-book answer was judged against (gold evidence) is worth showing;
        // for retrieving pipelines it repeats the retrieved passages.
        var context = output?.Context
            .Where(p => !retrievedIds.Contains(p.Id))
            .Select((p, i) => Passage(evalCase, p, i + 1, null, passages))
            .ToList() ?? [];
        return new ReportCaseResult(
            result.Pipeline,
            output?.Answer,
            result.Error,
            output?.FromCache ?? false,
            retrieved,
            context,
            [.. result.Metrics.Select(m => new ReportValue(m.MetricId, m.Value, CasesCsvExporter.StatusText(m.Status), m.Diagnostic))],
            [.. result.Claims.Select(c => new ReportClaim(c.Text, VerdictText(c.Verdict), c.Score, c.Reason, c.EvidenceId, c.Evidence))],
            output?.Timings.Total.TotalMilliseconds,
            output?.Tokens.Generated ?? 0);
    }

    private static ReportRetrieved Passage(EvalCase evalCase, Passage passage, int rank, double? score, SortedDictionary<string, ReportPassage> passages)
    {
        // Keyed by position, not id: two chunkers may reuse an id for different text.
        var key = string.Create(CultureInfo.InvariantCulture, $"{passage.DocumentId}:{passage.Start}-{passage.End}");
        passages.TryAdd(key, new ReportPassage(passage.DocumentId, passage.Text));
        var gold = evalCase.GoldPassageIds.Contains(passage.Id, StringComparer.Ordinal) || evalCase.GoldSpans.Any(passage.Overlaps);
        return new ReportRetrieved(passage.Id, key, rank, score, gold);
    }

    private static IReadOnlyList<KeyValuePair<string, string>> EnvironmentLines(RunEnvironment environment)
    {
        var lines = new List<KeyValuePair<string, string>>
        {
            new("Machine", environment.MachineName),
            new("OS", environment.OperatingSystem),
            new(".NET", environment.DotNetVersion),
            new("CPU", $"{environment.ProcessorName ?? "unknown"} ({environment.ProcessorCount} logical, {environment.Threads} threads used)"),
        };
        if (environment.NativeLibrary is { } native)
        {
            lines.Add(new("llama.cpp", environment.Backend is { } backend ? $"{native} ({backend})" : native));
        }
        if (environment.CpuVariant is { } variant)
        {
            lines.Add(new("CPU variant", variant));
        }
        if (environment.GitCommit is { } commit)
        {
            lines.Add(new("Git commit", commit));
        }
        return lines;
    }
}
