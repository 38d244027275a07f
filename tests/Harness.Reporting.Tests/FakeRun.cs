using Harness.Core;
using Harness.Core.Data;
using Harness.Core.Gates;
using Harness.Core.Labels;
using Harness.Core.Metrics;
using Harness.Core.Pipelines;
using Harness.Core.Results;
using Harness.Core.Statistics;

namespace Harness.Reporting.Tests;

/// <summary>
/// A fixed run of two cases through four pipelines (closed-book, rag, fine-tuned, hybrid), with
/// hostile model output (a spreadsheet formula, a script tag, Markdown pipes) and every value status.
/// </summary>
internal static class FakeRun
{
    public const string FormulaAnswer = "=cmd|' /C calc'!A0";
    public const string ScriptAnswer = "<script>alert(1)</script> & \u2028 done";
    public const string MarkdownAnswer = "a | b `code` <b>bold</b>";

    public static readonly string[] PipelineNames = ["closed-book", "rag-bm25", "fine-tuned", "hybrid"];

    /// <summary>The latency metrics whose values are the stage timings, as the latency metric reports them.</summary>
    public static readonly string[] LatencyIds = ["latency_retrieval_ms", "latency_prompt_ms", "ttft_ms", "latency_generation_ms", "latency_total_ms"];

    public static IReadOnlyList<MetricDescriptor> Metrics { get; } =
    [
        new("recall@5", "Recall@5", "retrieval", "", HigherIsBetter: true),
        new("mrr", "MRR", "retrieval", "", HigherIsBetter: true),
        new("token_f1", "Token F1", "answer", "", HigherIsBetter: true),
        new("faithfulness", "Faithfulness", "faithfulness", "", HigherIsBetter: true),
        new("hallucination_rate", "Hallucination rate", "hallucination", "", HigherIsBetter: false),
        new("label_accuracy", "Label accuracy", "label", "", HigherIsBetter: true),
        .. LatencyIds.Select(id => KnownMetrics.Describe(id)),
    ];

    public const string HostileClaim = "<img src=x onerror=alert(2)> cures everything.";

    /// <summary>The claims of q1's answer in retrieving pipelines: one supported by the gold passage, one hostile and unsupported.</summary>
    public static IReadOnlyList<ClaimJudgement> Q1Claims { get; } =
    [
        new("Aspirin inhibits cyclooxygenase.", ClaimVerdict.Supported, 1.0, "coverage 1.00; best match in doc1#0")
        {
            EvidenceId = "doc1#0", Evidence = "Aspirin inhibits cyclooxygenase enzymes.",
        },
        new(HostileClaim, ClaimVerdict.Unsupported, 0.25, "coverage 0.25 < 0.70, missing img, src, x, onerror, alert, 2, cure"),
    ];

    public static Passage GoldPassage { get; } = new("doc1#0", "doc1", 0, 40, "Aspirin inhibits cyclooxygenase enzymes.");
    public static Passage OtherPassage { get; } = new("doc2#0", "doc2", 0, 30, "Unrelated passage about <tags>.");

    /// <summary>Human labels on rag-bm25's faithfulness: 150 of 1,000 judged answers labelled, with the three intervals a report shows.</summary>
    public static RunLabels Labels { get; } = new("suites/labels/medical-smoke.jsonl", [], [])
    {
        Estimates =
        [
            new LabelledEstimate("rag-bm25", "faithfulness", 150, 1000,
                new ConfidenceInterval(0.712, 0.650, 0.774, 0.95),
                new ConfidenceInterval(0.700, 0.620, 0.772, 0.95), "clopper-pearson",
                new ConfidenceInterval(0.900, 0.880, 0.918, 0.95), "bca-bootstrap"),
        ],
    };

    public static RunResult Create(IReadOnlyList<GateResult>? gates = null)
    {
        EvalCase[] cases =
        [
            new()
            {
                Id = "q1",
                Question = "What does aspirin inhibit?",
                References = ["cyclooxygenase", "COX enzymes"],
                Label = "yes",
                GoldPassageIds = ["doc1#0"],
                GoldSpans = [new EvidenceSpan("doc1", 5, 20)],
            },
            new()
            {
                Id = "q2",
                Question = "Is <b>this</b> a trick | question?",
                References = ["no"],
                Label = "no",
            },
        ];
        var results = new List<CaseResult>();
        for (var p = 0; p < PipelineNames.Length; p++)
        {
            var pipeline = PipelineNames[p];
            var retrieves = pipeline is "rag-bm25" or "hybrid";
            results.Add(Result("q1", pipeline, retrieves, p, FormulaAnswer, 0.2 * p + 0.1));
            results.Add(Result("q2", pipeline, retrieves, p, p == 1 ? ScriptAnswer : MarkdownAnswer, 0.15 * p + 0.05));
        }
        results[^1] = new CaseResult("q2", "hybrid", null, "generation failed: context overflow", []);
        return new RunResult
        {
            Info = new RunInfo
            {
                RunId = "20260101-000000-abc123",
                Suite = "medical-smoke",
                Description = "Smoke run of the medical fixture.",
                Dataset = "pubmedqa-fixture",
                Domain = "medical",
                StartedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
                FinishedAt = new DateTimeOffset(2026, 1, 1, 0, 1, 30, TimeSpan.Zero),
                Seed = 42,
                HeadlineMetric = "token_f1",
                SupportScorer = new SupportScorerInfo("lexical", "lexical:threshold=0.70")
                {
                    Calibrations =
                    [
                        new ScorerCalibration("expertqa", "876fac21", "lexical:threshold=0.70", 1000, 720, 0,
                            new ConfidenceInterval(0.567, 0.531, 0.603, 0.95), new ConfidenceInterval(0.55, 0.52, 0.58, 0.95),
                            new ConfidenceInterval(0.057, 0.02, 0.09, 0.95), new ConfidenceInterval(0.5, 0.47, 0.53, 0.95),
                            new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)),
                    ],
                },
            },
            Environment = new RunEnvironment
            {
                MachineName = "ci-runner",
                OperatingSystem = "Debian 12",
                DotNetVersion = "10.0.0",
                ProcessorCount = 2,
                Threads = 2,
                NativeLibrary = "llama.cpp v0.5.0",
                Backend = "CPU",
                GitCommit = "0123456789abcdef",
                Models = [new ModelFileInfo("stories260K", "generator", "models/stories260K.gguf", "ab12cd34ef56")],
            },
            Pipelines =
            [
                new PipelineInfo("closed-book", "closed-book", false, "base model"),
                new PipelineInfo("rag-bm25", "rag", true, "bm25 top_k=5"),
                new PipelineInfo("fine-tuned", "fine-tuned", false, "lora stories260K-pubmedqa"),
                new PipelineInfo("hybrid", "hybrid", true, "lora + bm25 top_k=5"),
            ],
            Cases = cases,
            Results = results,
            Metrics = Metrics,
            Summary = [.. PipelineNames.SelectMany((pipeline, p) => Metrics.Select(m => Summary(pipeline, p, m, results)))],
            Gates = gates ??
            [
                new GateResult("medical-smoke / rag-bm25 / recall@5 ≥ 0.60", GateVerdict.Pass, "lower bound 0.650 ≥ 0.60")
                {
                    Pipeline = "rag-bm25", MetricId = "recall@5", Value = 0.8, CiLow = 0.65, CiHigh = 0.95, Threshold = 0.6, N = 2,
                },
                new GateResult("medical-smoke / hybrid / hallucination_rate ≤ 0.30", GateVerdict.Fail, "upper bound 0.5 > 0.30 <script>x</script>")
                {
                    Pipeline = "hybrid", MetricId = "hallucination_rate", Value = 0.4, CiLow = 0.3, CiHigh = 0.5, Threshold = 0.3, N = 1,
                },
                new GateResult("medical-smoke / fine-tuned / token_f1 ≥ 0.5", GateVerdict.Inconclusive, "too few cases: need 40")
                {
                    Pipeline = "fine-tuned", MetricId = "token_f1", Value = 0.5, CiLow = 0.1, CiHigh = 0.9, Threshold = 0.5, N = 2,
                    InconclusiveReason = InconclusiveReasons.TooFewCases,
                },
            ],
        };
    }

    private static CaseResult Result(string caseId, string pipeline, bool retrieves, int p, string answer, double score)
    {
        var output = new PipelineOutput
        {
            Answer = answer,
            Retrieved = retrieves ? [new RetrievedPassage(GoldPassage, 12.5, 1), new RetrievedPassage(OtherPassage, 3.25, 2)] : [],
            Context = retrieves ? [GoldPassage, OtherPassage] : [GoldPassage],
            Timings = new StageTimings
            {
                Retrieval = retrieves ? TimeSpan.FromMilliseconds(1.5 + p) : null,
                PromptEvaluation = TimeSpan.FromMilliseconds(20.25 + p),
                TimeToFirstToken = TimeSpan.FromMilliseconds(25 + p),
                Generation = TimeSpan.FromMilliseconds(100 + (10 * p)),
                Total = TimeSpan.FromMilliseconds(130.125 + (20 * p)),
            },
            Tokens = new TokenCounts(50 + p, 10),
        };
        MetricValue[] values =
        [
            retrieves ? MetricValue.Ok("recall@5", 1.0 / 3) : MetricValue.Inconclusive("recall@5", "pipeline does not retrieve"),
            retrieves ? MetricValue.Ok("mrr", 1) : MetricValue.Inconclusive("mrr", "pipeline does not retrieve"),
            MetricValue.Ok("token_f1", score),
            caseId == "q2" ? MetricValue.Inconclusive("faithfulness", "no claims")
                : MetricValue.Ok("faithfulness", 0.5 + (0.1 * p)) with { Claims = retrieves ? Q1Claims : null },
            MetricValue.Ok("hallucination_rate", p % 2),
            MetricValue.Error("label_accuracy", "unmapped answer"),
            retrieves ? MetricValue.Ok("latency_retrieval_ms", 1.5 + p) : MetricValue.Inconclusive("latency_retrieval_ms", "the pipeline does not retrieve"),
            MetricValue.Ok("latency_prompt_ms", 20.25 + p),
            MetricValue.Ok("ttft_ms", 25 + p),
            MetricValue.Ok("latency_generation_ms", 100 + (10 * p)),
            MetricValue.Ok("latency_total_ms", 130.125 + (20 * p)),
        ];
        return new CaseResult(caseId, pipeline, output, null, values);
    }

    private static MetricSummary Summary(string pipeline, int p, MetricDescriptor metric, IReadOnlyList<CaseResult> results)
    {
        var retrieves = pipeline is "rag-bm25" or "hybrid";
        if (metric.Family == "retrieval" && !retrieves)
        {
            return new MetricSummary(pipeline, metric.Id, null, null, null, 0, 2, 0);
        }
        if (KnownMetrics.IsTiming(metric))
        {
            // Percentiles of the case values, as a run summarises them: every answer of a pipeline took the same time.
            return MetricSummaries.Summarize(pipeline, metric, MetricSamples.For(results, pipeline, metric.Id), seed: 42);
        }
        var mean = 0.1 + (0.175 * p) + (metric.Id.Length * 0.01);
        return new MetricSummary(pipeline, metric.Id, mean, mean - 0.1, mean + 0.1, 2, 0, metric.Id == "label_accuracy" ? 2 : 0);
    }
}
