using Harness.Core;
using Harness.Core.Metrics;
using Harness.Core.Pipelines;
using Harness.Core.Results;
using Harness.Reporting.Exporters;

namespace Harness.Reporting.Tests;

public sealed class CsvExporterTests
{
    private string _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = TestFiles.NewDirectory();

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    [Category("hostile")]
    public async Task ControlCharactersInDatasetAndModelTextAreWrittenAsVisibleEscapesNotRawBytes()
    {
        var run = FakeRun.Create();
        // A dataset's JSON "\u0000" escape and an ANSI colour code a model might print.
        var question = "What colour\0 is it?";
        var answer = "\u001b[31mred";
        run = run with
        {
            Cases = [run.Cases[0] with { Question = question }, .. run.Cases.Skip(1)],
            Results = [run.Results[0] with { Output = run.Results[0].Output! with { Answer = answer } }, .. run.Results.Skip(1)],
        };

        await new CasesCsvExporter().ExportAsync(run, _directory, CancellationToken.None);

        var path = Path.Combine(_directory, "cases.csv");
        var (_, rows) = TestFiles.ReadCsv(path);
        var row = rows.Single(r => r["pipeline"] == run.Results[0].Pipeline && r["case_id"] == run.Results[0].CaseId);
        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllBytes(path), Has.None.EqualTo((byte)0).And.None.EqualTo((byte)0x1B));
            Assert.That(row["question"], Is.EqualTo(@"What colour\u0000 is it?"));
            Assert.That(row["answer"], Is.EqualTo(@"\u001B[31mred"));
        });
    }

    [Test]
    public async Task CasesCsvHasOneRowPerCaseAndPipelineInPipelineThenCaseOrder()
    {
        var run = FakeRun.Create();
        var shuffled = run with { Results = [.. run.Results.Reverse()] };

        await new CasesCsvExporter().ExportAsync(shuffled, _directory, CancellationToken.None);

        var (_, rows) = TestFiles.ReadCsv(Path.Combine(_directory, "cases.csv"));
        var expected = FakeRun.PipelineNames.SelectMany(p => new[] { $"{p}/q1", $"{p}/q2" });
        Assert.That(rows.Select(r => $"{r["pipeline"]}/{r["case_id"]}"), Is.EqualTo(expected));
    }

    [Test]
    public async Task CasesCsvColumnsAreCaseFieldsThenEachMetricWithStatusThenTimings()
    {
        await new CasesCsvExporter().ExportAsync(FakeRun.Create(), _directory, CancellationToken.None);

        var (header, _) = TestFiles.ReadCsv(Path.Combine(_directory, "cases.csv"));
        Assert.That(header, Is.EqualTo(new[]
        {
            "case_id", "pipeline", "question", "references", "label", "answer", "retrieved_ids", "dropped_passages", "error", "claims",
            "recall@5", "recall@5_status", "mrr", "mrr_status", "token_f1", "token_f1_status",
            "faithfulness", "faithfulness_status", "hallucination_rate", "hallucination_rate_status",
            "label_accuracy", "label_accuracy_status", "latency_retrieval_ms", "latency_retrieval_ms_status",
            "latency_prompt_ms", "latency_prompt_ms_status", "ttft_ms", "ttft_ms_status",
            "latency_generation_ms", "latency_generation_ms_status", "latency_total_ms", "latency_total_ms_status",
            "measured_prompt_tokens", "measured_generated_tokens", "measured_retrieval_ms", "measured_prompt_eval_ms", "measured_ttft_ms",
            "measured_generation_ms", "measured_total_ms", "measured_tokens_per_second",
        }));
    }

    [Test]
    public void CasesCsvColumnNamesAreUniqueWithEveryKnownMetric()
    {
        // Every metric the registry declares (k = 5, priced in USD), so pandas and DictReader can read the file by name.
        var metrics = KnownMetrics.All
            .SelectMany(family => family.Metrics.Select(spec => spec.Describe(family.Name, spec.HasCutoff ? 5 : null, "USD")))
            .ToList();

        var columns = CasesCsvExporter.Columns(FakeRun.Create() with { Metrics = metrics });

        Assert.That(columns, Is.Unique);
    }

    [Test]
    public async Task ThePromptTokensMetricAndTheMeasuredPromptTokensAreSeparateColumns()
    {
        // The cost metric prompt_tokens (here 40, a value of its own) and the pipeline's raw count, each read back by its name.
        var run = FakeRun.Create();
        run = run with
        {
            Metrics = [.. run.Metrics, KnownMetrics.Describe("prompt_tokens")],
            Results = [.. run.Results.Select(r => r with { Metrics = [.. r.Metrics, MetricValue.Ok("prompt_tokens", 40)] })],
        };

        await new CasesCsvExporter().ExportAsync(run, _directory, CancellationToken.None);

        var (_, rows) = TestFiles.ReadCsv(Path.Combine(_directory, "cases.csv"));
        var rag = rows.Single(r => r["pipeline"] == "rag-bm25" && r["case_id"] == "q1");
        // FakeRun: pipeline p = 1 prompts with 50 + p = 51 tokens and generates 10.
        Assert.That(
            (rag["prompt_tokens"], rag["prompt_tokens_status"], rag["measured_prompt_tokens"], rag["measured_generated_tokens"]),
            Is.EqualTo(("40", "ok", "51", "10")));
    }

    [Test]
    public async Task CasesCsvWritesValuesStatusesListsAndErrors()
    {
        await new CasesCsvExporter().ExportAsync(FakeRun.Create(), _directory, CancellationToken.None);

        var (_, rows) = TestFiles.ReadCsv(Path.Combine(_directory, "cases.csv"));
        var rag = rows.Single(r => r["pipeline"] == "rag-bm25" && r["case_id"] == "q1");
        var closedBook = rows.Single(r => r["pipeline"] == "closed-book" && r["case_id"] == "q1");
        var failed = rows.Single(r => r["pipeline"] == "hybrid" && r["case_id"] == "q2");
        Assert.Multiple(() =>
        {
            Assert.That(rag["recall@5"], Is.EqualTo("0.3333333333333333"), "doubles round-trip");
            Assert.That(rag["recall@5_status"], Is.EqualTo("ok"));
            Assert.That(rag["retrieved_ids"], Is.EqualTo("doc1#0 | doc2#0"));
            Assert.That(rag["references"], Is.EqualTo("cyclooxygenase | COX enzymes"));
            Assert.That(rag["measured_total_ms"], Is.EqualTo("150.125"));
            Assert.That(rag["measured_tokens_per_second"], Is.EqualTo("90.9090909090909"));
            Assert.That(closedBook["recall@5"], Is.Empty);
            Assert.That(closedBook["recall@5_status"], Is.EqualTo("inconclusive"));
            Assert.That(closedBook["measured_retrieval_ms"], Is.Empty);
            Assert.That(closedBook["label_accuracy_status"], Is.EqualTo("error"));
            Assert.That(failed["error"], Is.EqualTo("generation failed: context overflow"));
            Assert.That(failed["answer"], Is.Empty);
            Assert.That(failed["token_f1_status"], Is.Empty);
        });
    }

    [Test]
    public async Task FormulaInAnAnswerIsWrittenAsTextWithALeadingApostrophe()
    {
        await new CasesCsvExporter().ExportAsync(FakeRun.Create(), _directory, CancellationToken.None);

        var path = Path.Combine(_directory, "cases.csv");
        var raw = await File.ReadAllTextAsync(path);
        var (_, rows) = TestFiles.ReadCsv(path);
        Assert.Multiple(() =>
        {
            Assert.That(rows.First()["answer"], Is.EqualTo("'" + FakeRun.FormulaAnswer));
            Assert.That(raw, Does.Not.Contain(",=cmd").And.Not.Contain(",\"=cmd"));
            Assert.That(raw, Does.Contain("\"'=cmd|' /C calc'!A0\""));
        });
    }

    [Test]
    public async Task CasesCsvIsByteIdenticalUnderGermanAndEnglishCultures()
    {
        var run = FakeRun.Create();

        var german = await TestFiles.UnderCultureAsync("de-DE", () => ExportCasesAsync(run, "de"));
        var english = await TestFiles.UnderCultureAsync("en-US", () => ExportCasesAsync(run, "en"));

        Assert.That(TestFiles.GermanDecimal(), Is.EqualTo("1,5"), "the German culture is real (not invariant globalization)");
        Assert.That(german, Is.EqualTo(english));
        Assert.That(System.Text.Encoding.UTF8.GetString(german), Does.Contain("130.125"));
    }

    [Test]
    public async Task TwoRunsThatDifferOnlyInTimingsDifferOnlyInTimingColumns()
    {
        var run = FakeRun.Create();
        var slower = run with { Results = [.. run.Results.Select(Slower)] };
        await new CasesCsvExporter().ExportAsync(run, Path.Combine(_directory, "a"), CancellationToken.None);
        await new CasesCsvExporter().ExportAsync(slower, Path.Combine(_directory, "b"), CancellationToken.None);

        var (header, a) = TestFiles.ReadCsv(Path.Combine(_directory, "a", "cases.csv"));
        var (_, b) = TestFiles.ReadCsv(Path.Combine(_directory, "b", "cases.csv"));
        var differing = header.Where(column => a.Zip(b).Any(pair => pair.First[column] != pair.Second[column]));

        Assert.That(differing, Is.Not.Empty.And.All.Matches<string>(c => c is not null && CasesCsvExporter.IsTimingColumn(c)));
    }

    [Test]
    public async Task SummaryCsvHasOneRowPerPipelineAndMetricWithCountsAndPercentiles()
    {
        await new SummaryCsvExporter().ExportAsync(FakeRun.Create(), _directory, CancellationToken.None);

        var (header, rows) = TestFiles.ReadCsv(Path.Combine(_directory, "summary.csv"));
        var latency = rows.Single(r => r["pipeline"] == "rag-bm25" && r["metric"] == "latency_total_ms");
        var recall = rows.Single(r => r["pipeline"] == "closed-book" && r["metric"] == "recall@5");
        Assert.Multiple(() =>
        {
            Assert.That(header, Is.EqualTo(new[] { "pipeline", "metric", "mean", "ci_low", "ci_high", "interval", "n", "small_n", "n_inconclusive", "n_error", "p50", "p95", "p99" }));
            Assert.That(rows, Has.Count.EqualTo(FakeRun.PipelineNames.Length * FakeRun.Metrics.Count));
            Assert.That(rows[0]["pipeline"], Is.EqualTo("closed-book"));
            Assert.That(rows[0]["metric"], Is.EqualTo("recall@5"));
            // Both rag-bm25 answers took 130.125 + 20 × 1 = 150.125 ms: mean and every percentile are that.
            Assert.That(latency["p95"], Is.EqualTo("150.125"));
            Assert.That(latency["mean"], Is.EqualTo("150.125"));
            Assert.That(recall["mean"], Is.Empty);
            Assert.That(recall["n_inconclusive"], Is.EqualTo("2"));
        });
    }

    [Test]
    public async Task SummaryCsvNamesTheIntervalMethodAndFlagsASmallSample()
    {
        var run = FakeRun.Create();
        run = run with
        {
            Summary = [.. run.Summary.Select(s => s.MetricId == "recall@5" && s.Pipeline == "rag-bm25"
                ? s with { Interval = "clopper-pearson", SmallSample = true }
                : s)],
        };

        await new SummaryCsvExporter().ExportAsync(run, _directory, CancellationToken.None);

        var (_, rows) = TestFiles.ReadCsv(Path.Combine(_directory, "summary.csv"));
        var flagged = rows.Single(r => r["pipeline"] == "rag-bm25" && r["metric"] == "recall@5");
        var other = rows.Single(r => r["pipeline"] == "rag-bm25" && r["metric"] == "token_f1");
        Assert.Multiple(() =>
        {
            Assert.That((flagged["interval"], flagged["small_n"]), Is.EqualTo(("clopper-pearson", "1")));
            Assert.That((other["interval"], other["small_n"]), Is.EqualTo(("", "0")));
        });
    }

    [Test]
    public async Task ExportLeavesNoTemporaryFilesBehind()
    {
        foreach (var exporter in ReportExporters.All)
        {
            await exporter.ExportAsync(FakeRun.Create(), _directory, CancellationToken.None);
        }

        Assert.That(
            Directory.GetFiles(_directory).Select(Path.GetFileName),
            Is.EquivalentTo(new[] { "cases.csv", "summary.csv", "run.json", "summary.md", "junit.xml" }));
    }

    private async Task<byte[]> ExportCasesAsync(RunResult run, string name)
    {
        var directory = Path.Combine(_directory, name);
        await new CasesCsvExporter().ExportAsync(run, directory, CancellationToken.None);
        return await File.ReadAllBytesAsync(Path.Combine(directory, "cases.csv"));
    }

    private static CaseResult Slower(CaseResult result) => result.Output is null
        ? result
        : result with
        {
            Output = result.Output with
            {
                Timings = new StageTimings
                {
                    Retrieval = result.Output.Timings.Retrieval * 2,
                    PromptEvaluation = result.Output.Timings.PromptEvaluation * 2,
                    TimeToFirstToken = result.Output.Timings.TimeToFirstToken * 2,
                    Generation = result.Output.Timings.Generation * 2,
                    Total = result.Output.Timings.Total * 2,
                },
            },
            Metrics = [.. result.Metrics.Select(m => FakeRun.LatencyIds.Contains(m.MetricId) ? m with { Value = m.Value * 2 } : m)],
        };
}
