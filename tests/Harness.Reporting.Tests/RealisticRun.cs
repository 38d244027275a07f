using System.Globalization;
using Harness.Core;
using Harness.Core.Data;
using Harness.Core.Gates;
using Harness.Core.Metrics;
using Harness.Core.Pipelines;
using Harness.Core.Results;
using Harness.Core.Statistics;

namespace Harness.Reporting.Tests;

/// <summary>
/// A run as wide as the smoke suite's COVID-QA run gets, for layout checks: seven pipelines (every
/// approach and retriever), every metric family (retrieval at k = 1, 5 and 10, cost priced in USD),
/// ten cases with judged claims, and values of the sizes real runs have (tokens in thousands, seconds,
/// megabytes, cents). Each mean is scale(unit) × (0.15 + 0.1 × ((pipeline + metric) mod 7)); a metric
/// applies only where it would (retrieval to retrieving pipelines, training to trained ones), and
/// citation precision to no pipeline at all.
/// </summary>
internal static class RealisticRun
{
    public const string NoPipelineMetric = "citation_precision";

    private static readonly PipelineInfo[] _pipelines =
    [
        new("closed-book", "closed-book", false, "stories260K"),
        new("rag-bm25", "rag", true, "bm25 top_k=5, 200 words"),
        new("rag-dense", "rag", true, "dense minilm top_k=5, 200 words"),
        new("rag-hybrid", "rag", true, "hybrid bm25 + minilm top_k=5"),
        new("fine-tuned", "fine-tuned", false, "trained: corpus, 1 epoch"),
        new("hybrid", "hybrid", true, "trained + bm25 top_k=5"),
        new("extractive", "extractive", true, "bm25 top_k=5, best sentence"),
    ];

    public static IReadOnlyList<string> PipelineNames { get; } = [.. _pipelines.Select(p => p.Name)];

    public static IReadOnlyList<MetricDescriptor> Metrics { get; } =
    [
        .. KnownMetrics.All.Where(f => f != KnownMetrics.Label).SelectMany(f => f.Metrics.SelectMany(spec => spec.HasCutoff
            ? new[] { 1, 5, 10 }.Select(k => spec.Describe(f.Name, k))
            : [spec.Describe(f.Name, currency: "USD")])),
    ];

    /// <summary>What one unit's values are of: tokens in thousands, seconds, a hundred MB, cents.</summary>
    private static double Scale(string unit) => unit switch
    {
        MetricDescriptor.Ratio => 1,
        "tokens" => 1500,
        "s" => 5,
        "MB" => 100,
        "USD" => 0.01,
        "ms" => 400,
        "tokens/s" => 80,
        _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, "no scale for this unit"),
    };

    public static double Mean(int pipeline, int metric) => Scale(Metrics[metric].Unit) * (0.15 + (0.1 * ((pipeline + metric) % 7)));

    private static bool Applies(PipelineInfo pipeline, MetricDescriptor metric)
    {
        var generates = pipeline.Kind != "extractive";
        var trained = pipeline.Kind is "fine-tuned" or "hybrid";
        return metric.Id switch
        {
            NoPipelineMetric => false,
            "latency_retrieval_ms" or "index_build_s" or "index_size_mb" => pipeline.Retrieves,
            "latency_prompt_ms" or "ttft_ms" or "latency_generation_ms" or "tokens_per_second" or "perplexity" => generates,
            "training_s" or "training_tokens" => trained,
            _ => metric.Family != KnownMetrics.Retrieval.Name || pipeline.Retrieves,
        };
    }

    public static RunResult Create()
    {
        var cases = Enumerable.Range(1, 10).Select(i => new EvalCase
        {
            Id = string.Create(CultureInfo.InvariantCulture, $"covidqa-{i:000}"),
            Question = $"What did the study of patients in cohort {i} find about the incubation period of SARS-CoV-2 and its transmission?",
            References = [$"a median incubation period of {4 + (i % 3)} days, with transmission before symptoms"],
            GoldPassageIds = [$"paper{i}#3"],
            GoldSpans = [new EvidenceSpan($"paper{i}", 600, 700)],
        }).ToList();
        var results = new List<CaseResult>();
        for (var p = 0; p < _pipelines.Length; p++)
        {
            foreach (var evalCase in cases)
            {
                results.Add(Result(_pipelines[p], p, evalCase));
            }
        }
        return new RunResult
        {
            Info = new RunInfo
            {
                RunId = "smoke-covidqa-20261207-042403-086",
                Suite = "smoke-covidqa",
                Dataset = "covidqa",
                Domain = "medical",
                DatasetHash = "9f2c4b7a1e0d3c5b8a6f4e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b",
                StartedAt = new DateTimeOffset(2026, 12, 7, 4, 24, 3, TimeSpan.Zero),
                Seed = 13,
                HeadlineMetric = "token_f1",
                SupportScorer = new SupportScorerInfo("lexical", "lexical:threshold=0.70")
                {
                    Calibrations =
                    [
                        new ScorerCalibration("expertqa", "876fac21", "lexical:threshold=0.70", 1000, 720, 0,
                            new ConfidenceInterval(0.568, 0.521, 0.613, 0.95), new ConfidenceInterval(0.55, 0.52, 0.58, 0.95),
                            new ConfidenceInterval(0.057, 0.02, 0.09, 0.95), new ConfidenceInterval(0.5, 0.47, 0.53, 0.95),
                            new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero)),
                    ],
                },
            },
            Environment = new RunEnvironment
            {
                MachineName = "ci-runner-0123456789",
                OperatingSystem = "Debian GNU/Linux 12 (bookworm) 6.1.0-28-cloud-amd64",
                DotNetVersion = "10.0.0",
                ProcessorCount = 2,
                ProcessorName = "AMD EPYC 7B13 64-Core Processor",
                Threads = 1,
                NativeLibrary = "/work/main/.cache/native/llamasharp/avx2/libllama.so",
                Backend = "CPU",
                CpuVariant = "portable",
                GitCommit = "6f532e2a9c1d4b7e8f0a1b2c3d4e5f6a7b8c9d0e",
                Models =
                [
                    new ModelFileInfo("stories260K", "generator", "/work/main/.cache/models/stories260K/stories260K.gguf",
                        "270cba1bd5109f42d03350f60406024560464db173c0e387d91f0426d3bd256d"),
                    new ModelFileInfo("all-MiniLM-L6-v2", "embedder", "/work/main/.cache/models/all-MiniLM-L6-v2/model.onnx",
                        "6fd5d72fe4589f189f8ebc006442dbb529bb7ce38f8082112682524616046452"),
                ],
            },
            Pipelines = _pipelines,
            Cases = cases,
            Results = results,
            Metrics = Metrics,
            Summary = [.. _pipelines.SelectMany((pipeline, p) => Metrics.Select((metric, m) => Summary(pipeline, p, metric, m)))],
            Gates =
            [
                new GateResult("smoke-covidqa / rag-bm25 / recall@5 ≥ 0.60", GateVerdict.Pass, "CI low 0.612 ≥ 0.60")
                {
                    Pipeline = "rag-bm25", MetricId = "recall@5", Value = 0.875, CiLow = 0.612, CiHigh = 0.99, Threshold = 0.6, N = 10,
                },
                new GateResult("smoke-covidqa / rag-hybrid / faithfulness ≥ 0.50", GateVerdict.Inconclusive,
                    "support scorer 'lexical' is below the calibration bar: AUROC against expertqa 0.568 [0.521, 0.613], CI low 0.521 < calibration.min_auroc 0.70")
                {
                    Pipeline = "rag-hybrid", MetricId = "faithfulness", Value = 0.45, CiLow = 0.3, CiHigh = 0.6, Threshold = 0.5, N = 10,
                },
                new GateResult("smoke-covidqa / errors ≤ 0%", GateVerdict.Pass, "0 of 70 case × pipeline results in error") { N = 70 },
            ],
        };
    }

    private static MetricSummary Summary(PipelineInfo pipeline, int p, MetricDescriptor metric, int m)
    {
        if (!Applies(pipeline, metric))
        {
            return new MetricSummary(pipeline.Name, metric.Id, null, null, null, 0, 10, 0);
        }
        var mean = Mean(p, m);
        if (KnownMetrics.IsCorpus(metric.Id) && metric.Id != "corpus_bleu")
        {
            return new MetricSummary(pipeline.Name, metric.Id, mean, null, null, 1, 0, 0) { Interval = MetricSummary.Measured };
        }
        var half = 0.1 * Scale(metric.Unit);
        var (low, high) = metric.IsRatio ? (Math.Max(0, mean - half), Math.Min(1, mean + half)) : (mean - half, mean + half);
        return new MetricSummary(pipeline.Name, metric.Id, mean, low, high, 10, 0, 0)
        {
            Interval = metric.Proportion ? "clopper-pearson" : "bca-bootstrap",
            P50 = KnownMetrics.IsTiming(metric) ? mean : null,
            P95 = KnownMetrics.IsTiming(metric) ? high : null,
            P99 = KnownMetrics.IsTiming(metric) ? high : null,
        };
    }

    private static CaseResult Result(PipelineInfo pipeline, int p, EvalCase evalCase)
    {
        var generates = pipeline.Kind != "extractive";
        var gold = new Passage(evalCase.GoldPassageIds[0], evalCase.GoldSpans[0].DocumentId, 600, 800,
            "The median incubation period was estimated at 5.2 days (95% CI, 4.1 to 7.0), and transmission before the onset of symptoms was observed in several clusters.");
        var other = new Passage($"{evalCase.GoldSpans[0].DocumentId}#7", evalCase.GoldSpans[0].DocumentId, 1400, 1600,
            "Contact tracing identified household members as the main route of transmission in the early phase of the outbreak.");
        var output = new PipelineOutput
        {
            Answer = generates
                ? "The study found a median incubation period of about five days. Patients transmitted the virus before they had symptoms, which made contact tracing harder."
                : gold.Text,
            Retrieved = pipeline.Retrieves ? [new RetrievedPassage(gold, 14.2, 1), new RetrievedPassage(other, 9.7, 2)] : [],
            Context = pipeline.Retrieves ? [gold, other] : [gold],
            Timings = new StageTimings
            {
                Retrieval = pipeline.Retrieves ? TimeSpan.FromMilliseconds(2 + (3 * p)) : null,
                PromptEvaluation = generates ? TimeSpan.FromMilliseconds(40 + (30 * p)) : null,
                TimeToFirstToken = generates ? TimeSpan.FromMilliseconds(45 + (30 * p)) : null,
                Generation = generates ? TimeSpan.FromMilliseconds(300 + (60 * p)) : null,
                Total = TimeSpan.FromMilliseconds(generates ? 350 + (95 * p) : 3),
            },
            Tokens = new TokenCounts(pipeline.Retrieves ? 1500 : 53, generates ? 24 : 0),
        };
        ClaimJudgement[] claims =
        [
            new("The study found a median incubation period of about five days.", ClaimVerdict.Supported, 0.8, "coverage 0.80; best match in " + gold.Id)
            {
                EvidenceId = gold.Id, Evidence = gold.Text,
            },
            new("Patients transmitted the virus before they had symptoms, which made contact tracing harder.", ClaimVerdict.Unsupported, 0.4,
                "coverage 0.40 < 0.70, missing made, contact, tracing, harder"),
        ];
        MetricValue[] values =
        [
            MetricValue.Ok("token_f1", 0.1 * (p + 1)),
            MetricValue.Ok("faithfulness", 0.5) with { Claims = claims },
            MetricValue.Ok("hallucination_rate", 1),
            MetricValue.Ok("latency_total_ms", output.Timings.Total.TotalMilliseconds),
        ];
        return new CaseResult(evalCase.Id, pipeline.Name, output, null, values);
    }
}
