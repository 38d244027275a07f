using System.Globalization;
using Harness.Core;
using Harness.Core.Data;
using Harness.Core.Metrics;
using Harness.Core.Pipelines;
using Harness.Core.Results;

namespace Harness.Reporting.Tests;

/// <summary>
/// Ten cases whose verdicts can be worked out by hand. Token F1 per case, chosen so every difference is exact in binary:
/// <list type="bullet">
/// <item>closed-book 0.25 on every case (mean 0.25); 40 prompt + 10 completion tokens; p95 latency 100 ms;</item>
/// <item>rag-bm25 0.75 on every case (mean 0.75); 190 + 10 tokens; p95 300 ms;</item>
/// <item>fine-tuned 0.5 on cases 1–6 and 1.0 on cases 7–10 (mean (6 × 0.5 + 4 × 1.0) / 10 = 0.7); 40 + 10 tokens; p95 120 ms;</item>
/// <item>rag-dense 0.5 on every case (mean 0.5); 190 + 10 tokens; p95 250 ms;</item>
/// <item>extractive 0.5 on every case (mean 0.5); no tokens; p95 5 ms.</item>
/// </list>
/// Each summary's 95% CI is its mean ± 0.05 (given here, as a run's summaries are given to the report).
/// </summary>
internal static class DecisionRun
{
    public const string Dataset = "covidqa-fixture";
    public const int CaseCount = 10;

    private static readonly (PipelineInfo Info, Func<int, double> TokenF1, int PromptTokens, int CompletionTokens, double P95)[] _pipelines =
    [
        (new PipelineInfo("closed-book", "closed-book", false, "stories260K"), _ => 0.25, 40, 10, 100),
        (new PipelineInfo("rag-bm25", "rag", true, "bm25 top_k=3"), _ => 0.75, 190, 10, 300),
        (new PipelineInfo("fine-tuned", "fine-tuned", false, "trained: corpus, 1 epoch"), i => i <= 6 ? 0.5 : 1.0, 40, 10, 120),
        (new PipelineInfo("rag-dense", "rag", true, "dense lsa top_k=3"), _ => 0.5, 190, 10, 250),
        (new PipelineInfo("extractive", "extractive", true, "bm25 top_k=3, best sentence"), _ => 0.5, 0, 0, 5),
    ];

    private static readonly MetricDescriptor[] _metrics =
        [KnownMetrics.Describe("token_f1"), KnownMetrics.Describe("prompt_tokens"), KnownMetrics.Describe("completion_tokens"), KnownMetrics.Describe("latency_total_ms")];

    /// <summary>The run of the named pipelines (in the order given), each with an optional selection (a swept pipeline's chosen variant).</summary>
    public static RunResult Create(IReadOnlyList<string> pipelines, IReadOnlyDictionary<string, PipelineSelection>? selections = null)
    {
        var chosen = pipelines.Select(name => _pipelines.Single(p => p.Info.Name == name)).ToList();
        var cases = Enumerable.Range(1, CaseCount).Select(i => new EvalCase
        {
            Id = string.Create(CultureInfo.InvariantCulture, $"c{i}"),
            Question = $"Question {i}?",
            References = ["an answer"],
        }).ToList();
        var results = chosen.SelectMany(p => Enumerable.Range(1, CaseCount).Select(i => new CaseResult(
            cases[i - 1].Id, p.Info.Name,
            new PipelineOutput
            {
                Answer = "an answer",
                Timings = new StageTimings { Total = TimeSpan.FromMilliseconds(p.P95) },
                Tokens = new TokenCounts(p.PromptTokens, p.CompletionTokens),
            },
            null,
            [
                MetricValue.Ok("token_f1", p.TokenF1(i)),
                MetricValue.Ok("prompt_tokens", p.PromptTokens),
                MetricValue.Ok("completion_tokens", p.CompletionTokens),
                MetricValue.Ok("latency_total_ms", p.P95),
            ]))).ToList();
        return new RunResult
        {
            Info = new RunInfo
            {
                RunId = "decision-20260101-000000-000",
                Suite = "decision-fixture",
                Dataset = Dataset,
                StartedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
                Seed = 1,
                HeadlineMetric = "token_f1",
            },
            Environment = new RunEnvironment { MachineName = "test", OperatingSystem = "Linux", DotNetVersion = "10.0.0", ProcessorCount = 2, Threads = 1 },
            Pipelines = [.. chosen.Select(p => selections?.GetValueOrDefault(p.Info.Name) is { } selection ? p.Info with { Selection = selection } : p.Info)],
            Cases = cases,
            Results = results,
            Metrics = _metrics,
            Summary = [.. chosen.SelectMany(p => new[]
            {
                Summary(p.Info.Name, "token_f1", Enumerable.Range(1, CaseCount).Average(p.TokenF1), ciHalfWidth: 0.05),
                Summary(p.Info.Name, "prompt_tokens", p.PromptTokens, ciHalfWidth: 0),
                Summary(p.Info.Name, "completion_tokens", p.CompletionTokens, ciHalfWidth: 0),
                Summary(p.Info.Name, "latency_total_ms", p.P95, ciHalfWidth: 0) with { P50 = p.P95, P95 = p.P95, P99 = p.P95 },
            })],
        };
    }

    private static MetricSummary Summary(string pipeline, string metric, double mean, double ciHalfWidth) =>
        new(pipeline, metric, mean, mean - ciHalfWidth, mean + ciHalfWidth, CaseCount, 0, 0) { Interval = "bca-bootstrap" };
}
