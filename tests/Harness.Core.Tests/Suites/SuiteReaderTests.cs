using Harness.Core.Datasets;
using Harness.Core.Gates;
using Harness.Core.Suites;
using NUnit.Framework;

namespace Harness.Core.Tests.Suites;

public class SuiteReaderTests
{
    private const string FullSuite = """
        name: full
        description: every section
        domain: medical
        dataset: covidqa
        split: test
        limit: 50
        seed: 9
        scope: corpus
        models: { generator: stories260K, embedder: lsa, judge: stories260K }
        generation: { max_tokens: 32, temperature: 0.5, seed: 4 }
        prompts:
          default: "Context: {context}\nQ: {question}\nA:"
          closed-book: { template: "Q: {question}\nA:", chat_template: true, system: Be brief. }
        pipelines:
          - name: closed-book
            kind: closed-book
          - name: rag
            kind: rag
            retriever: { kind: dense, top_k: 3, chunk: { tokens: 100, overlap: 20 }, index: "IVF16,Flat" }
            max_tokens: 8
          - name: tuned
            kind: hybrid
            adapters: [stories260K-toyfacts-lora-r8, { name: other-lora, scale: 0.5 }]
            retriever: bm25
            prompt: "{history} {context} {question}"
          - name: floor
            kind: extractive
            retriever: { kind: hybrid, chunk: passages, rrf_k: 10 }
          - name: server
            kind: remote
            remote: { base_url: "http://localhost:8000/v1", model: served, api_key_env: SERVER_KEY }
        metrics: [retrieval, answer, label, token_f1]
        labels:
          yes: ['^\W*yes\b', sure]
          no: '^\W*no\b'
        headline: token_f1
        gates:
          - { metric: recall@3, pipeline: rag, min: 0.5 }
          - { metric: exact_match, max: 0.9, strict: true }
          - { compare: [rag, closed-book], metric: token_f1, margin: 0.01 }
          - { regression: true, margin: 0.02, metrics: [token_f1] }
          - { error_budget: 0.05 }
        tags: [nightly, gpu]
        """;

    private static SuiteDefinition ReadClean(string yaml)
    {
        var read = SuiteReader.Parse("suite.yaml", yaml);
        Assert.That(read.Problems.Select(p => p.ToString()), Is.Empty);
        return read.Suite!;
    }

    private static string[] Problems(string yaml) =>
        [.. SuiteReader.Parse("suite.yaml", yaml).Problems.Select(p => $"{p.Line}:{p.Column}: {p.Message}")];

    [Test]
    public void ChunkSizesCountWordsOrTheGeneratorsTokens()
    {
        var suite = ReadClean("""
            name: chunks
            dataset: toyqa
            models: { generator: stories260K }
            pipelines:
              - { name: w, kind: rag, retriever: { kind: bm25, chunk: { words: 50, overlap: 10 } } }
              - { name: t, kind: rag, retriever: { kind: bm25, chunk: { tokens: 64, overlap: 8 } } }
            """);

        Assert.That(suite.Pipelines.Select(p => p.Retriever!.Chunk), Is.EqualTo(new[]
        {
            new ChunkDefinition(ChunkUnit.Words, 50, 10),
            new ChunkDefinition(ChunkUnit.Tokens, 64, 8),
        }));
    }

    [Test]
    public void ChunkTokensWithoutAGeneratorModelCountWordsWithAWarning()
    {
        var read = SuiteReader.Parse("suite.yaml", """
            name: chunks
            dataset: toyqa
            pipelines:
              - { name: x, kind: extractive, retriever: { kind: bm25, chunk: { tokens: 64 } } }
            """);

        Assert.Multiple(() =>
        {
            Assert.That(read.Problems, Is.Empty);
            Assert.That(read.Suite!.Pipelines[0].Retriever!.Chunk, Is.EqualTo(new ChunkDefinition(ChunkUnit.Words, 64, 0)));
            Assert.That(read.Warnings.Select(w => w.Message), Is.EqualTo(new[]
            {
                "chunk 'tokens' are the generator's tokens, and this pipeline has no generator model: counted as words - say 'words: 64'",
            }));
        });
    }

    [Test]
    public void AChunkGivesWordsOrTokensNotBoth() =>
        Assert.That(Problems("""
            name: chunks
            dataset: toyqa
            models: { generator: stories260K }
            pipelines:
              - { name: w, kind: rag, retriever: { kind: bm25, chunk: { words: 50, tokens: 64 } } }
            """), Has.Some.Contains("give 'words' or 'tokens', not both"));

    [Test]
    public void AnUnknownRetrieverKindOrMetricIsAnErrorWithADidYouMean()
    {
        Assert.That(() => RetrieverNames.Kind("dence"), Throws.ArgumentException.With.Message.EqualTo("unknown retriever kind 'dence' - did you mean 'dense'?"));
        Assert.That(() => RetrieverNames.Metric("l3"), Throws.ArgumentException.With.Message.EqualTo("unknown vector metric 'l3' - did you mean 'l2'?"));
    }

    [Test]
    public void EverySectionIsReadIntoTheRecords()
    {
        var suite = ReadClean(FullSuite);

        Assert.Multiple(() =>
        {
            Assert.That((suite.Name, suite.Dataset, suite.Split, suite.Limit, suite.Seed), Is.EqualTo(("full", "covidqa", "test", 50, 9)));
            Assert.That(suite.Scope, Is.EqualTo(RetrievalScope.Corpus));
            Assert.That(suite.Models, Is.EqualTo(new SuiteModels { Generator = "stories260K", Embedder = "lsa", Judge = "stories260K" }));
            Assert.That(suite.Pipelines.Select(p => p.Kind), Is.EqualTo(new[]
            {
                PipelineKind.ClosedBook, PipelineKind.Rag, PipelineKind.Hybrid, PipelineKind.Extractive, PipelineKind.Remote,
            }));
            Assert.That(suite.Metrics, Is.EqualTo(new[] { "retrieval", "answer", "label", "token_f1" }));
            Assert.That(suite.Headline, Is.EqualTo("token_f1"));
            Assert.That(suite.Tags, Is.EqualTo(new[] { "nightly", "gpu" }));
            Assert.That(suite.SourcePath, Is.EqualTo("suite.yaml"));
        });
    }

    [Test]
    public void PipelinesCarryTheSuiteDefaultsUnlessTheyOverrideThem()
    {
        var suite = ReadClean(FullSuite);
        var closedBook = suite.FindPipeline("closed-book")!;
        var rag = suite.FindPipeline("rag")!;
        var tuned = suite.FindPipeline("tuned")!;

        Assert.Multiple(() =>
        {
            Assert.That(closedBook.Generation, Is.EqualTo(new GenerationDefinition { MaxTokens = 32, Temperature = 0.5, Seed = 4 }));
            Assert.That(rag.Generation.MaxTokens, Is.EqualTo(8));
            Assert.That(closedBook.Model, Is.EqualTo("stories260K"));
            Assert.That(closedBook.Prompt, Is.EqualTo(new PromptTemplate("Q: {question}\nA:", UseChatTemplate: true, System: "Be brief.")), "a kind's prompt beats the default");
            Assert.That(rag.Prompt!.Template, Is.EqualTo("Context: {context}\nQ: {question}\nA:"), "the default prompt");
            Assert.That(tuned.Prompt!.Template, Is.EqualTo("{history} {context} {question}"), "the pipeline's own prompt beats both");
            Assert.That(suite.FindPipeline("floor")!.Model, Is.Null, "an extractive pipeline generates nothing");
        });
    }

    [Test]
    public void RetrieversAdaptersAndRemotesAreReadWithTheirDefaults()
    {
        var suite = ReadClean(FullSuite);

        Assert.Multiple(() =>
        {
            Assert.That(suite.FindPipeline("rag")!.Retriever, Is.EqualTo(new RetrieverDefinition
            {
                Kind = RetrieverKind.Dense, TopK = 3, Chunk = new ChunkDefinition(ChunkUnit.Tokens, 100, 20), Embedder = "lsa", Index = "IVF16,Flat",
            }));
            Assert.That(suite.FindPipeline("tuned")!.Retriever, Is.EqualTo(new RetrieverDefinition { Kind = RetrieverKind.Bm25 }), "the shorthand 'retriever: bm25'");
            Assert.That(suite.FindPipeline("floor")!.Retriever, Is.EqualTo(new RetrieverDefinition { Kind = RetrieverKind.Hybrid, Embedder = "lsa", RrfK = 10 }));
            Assert.That(suite.FindPipeline("tuned")!.Adapters, Is.EqualTo(new[]
            {
                new AdapterDefinition("stories260K-toyfacts-lora-r8"), new AdapterDefinition("other-lora", 0.5f),
            }));
            Assert.That(suite.FindPipeline("server")!.Remote, Is.EqualTo(new RemoteDefinition("http://localhost:8000/v1", "served", "SERVER_KEY")));
        });
    }

    [Test]
    public void GatesOfEveryShapeAreRead()
    {
        var gates = ReadClean(FullSuite).Gates;

        Assert.That(gates, Is.EqualTo(new GateDefinition[]
        {
            new ThresholdGateDefinition("recall@3", "rag", 0.5, null),
            new ThresholdGateDefinition("exact_match", null, null, 0.9) { Strict = true },
            new CompareGateDefinition("token_f1", "rag", "closed-book", 0.01),
            new RegressionGateDefinition(0.02, ["token_f1"]),
            new ErrorBudgetGateDefinition(0.05),
        }).Using<GateDefinition>((a, b) => a.Name("s") == b.Name("s") && a.Strict == b.Strict && a.GetType() == b.GetType()));
        Assert.That(gates[0].Name("s"), Is.EqualTo("s / rag / recall@3 ≥ 0.50"));
    }

    [Test]
    public void TheLabelMappingTriesRulesInFileOrder()
    {
        var labels = ReadClean(FullSuite).Labels!;

        Assert.Multiple(() =>
        {
            Assert.That(labels.Map("Yes, it does."), Is.EqualTo("yes"));
            Assert.That(labels.Map("I am SURE of it"), Is.EqualTo("yes"));
            Assert.That(labels.Map("no."), Is.EqualTo("no"));
            Assert.That(labels.Map("perhaps"), Is.Null);
        });
    }

    [Test]
    public void MissingMetricsMeanEveryFamilyWithoutAModelOfItsOwnAndMissingLimitMeansAllCases()
    {
        var suite = ReadClean("""
            name: small
            dataset: toyqa
            models: { generator: stories260K }
            pipelines: [{ name: cb, kind: closed-book }]
            """);

        Assert.That(suite.Metrics, Is.EqualTo(KnownMetrics.DefaultFamilies));
        Assert.That(suite.Limit, Is.Zero);
        Assert.That(suite.Scope, Is.Null, "the dataset's default, applied by the validator");
    }

    [Test]
    public void UnknownKeysAreReportedWithTheClosestKnownKey()
    {
        var problems = Problems("""
            name: typo
            datset: toyqa
            models: { generator: stories260K }
            pipelines:
              - name: rag
                kind: rag
                retriever: { kind: bm25, topk: 3 }
            prompts: { rga: "{context} {question}" }
            """);

        Assert.That(problems, Has.Some.EqualTo("7:30: unknown key 'topk' in 'retriever' - did you mean 'top_k'?"));
        Assert.That(problems, Has.Some.EqualTo("2:1: unknown key 'datset' in a suite - did you mean 'dataset'?"));
        Assert.That(problems, Has.Some.StartsWith("8:12: unknown key 'rga' in 'prompts'").And.EndsWith("did you mean 'rag'?"));
        Assert.That(problems, Has.Some.StartWith("1:1: missing 'dataset'"));
    }

    [Test]
    public void APipelineThatWouldIgnoreOrLackASettingIsReported()
    {
        var problems = Problems("""
            name: kinds
            dataset: toyqa
            models: { generator: stories260K }
            pipelines:
              - { name: a, kind: closed-book, retriever: bm25 }
              - { name: b, kind: rag }
              - { name: c, kind: fine-tuned }
              - { name: d, kind: rag, retriever: bm25, adapter: some-lora }
              - { name: e, kind: remote }
              - { name: a, kind: extractive, retriever: bm25 }
            """);

        Assert.Multiple(() =>
        {
            Assert.That(problems, Has.Some.StartsWith("5:35: a closed-book pipeline retrieves nothing"));
            Assert.That(problems, Has.Some.StartsWith("6:5: a rag pipeline needs a 'retriever:'"));
            Assert.That(problems, Has.Some.StartsWith("7:5: a fine-tuned pipeline needs 'adapter: <LoRA card>'"));
            Assert.That(problems, Has.Some.StartsWith("8:44: a rag pipeline uses the base model"));
            Assert.That(problems, Has.Some.StartsWith("9:5: a remote pipeline needs 'remote:"));
            Assert.That(problems, Has.Some.StartsWith("10:13: two pipelines are named 'a'"));
        });
    }

    [Test]
    public void AGateMayNameFaithfulnessWhichIsAFamilyAndItsMetric()
    {
        var suite = ReadClean("""
            name: faithful
            dataset: toyqa
            models: { generator: stories260K, judge: stories260K }
            pipelines: [{ name: closed-book, kind: closed-book }]
            metrics: [faithfulness]
            gates: [{ metric: faithfulness, min: 0.5 }]
            """);

        Assert.That(((ThresholdGateDefinition)suite.Gates[0]).Metric, Is.EqualTo("faithfulness"));
        Assert.That(suite.Models.Judge, Is.EqualTo("stories260K"));
    }

    [Test]
    public void ReadsTheCalibrationBarAndARemoteJudge()
    {
        var suite = ReadClean("""
            name: calibrated
            dataset: toyqa
            models:
              generator: stories260K
              judge: { remote: { base_url: "http://localhost:8000/v1", model: judge-model, api_key_env: JUDGE_KEY } }
            pipelines: [{ name: closed-book, kind: closed-book }]
            calibration: { labels: dstc11-human-eval, min_auroc: 0.8 }
            """);

        Assert.That((suite.Calibration.Labels, suite.Calibration.MinAuroc), Is.EqualTo(("dstc11-human-eval", 0.8)));
        Assert.That(suite.Models.RemoteJudge, Is.EqualTo(new RemoteDefinition("http://localhost:8000/v1", "judge-model", "JUDGE_KEY")));
        Assert.That(suite.Models.Judge, Is.Null);
    }

    [Test]
    public void TheCalibrationBarDefaultsToExpertQaAt070()
    {
        var suite = ReadClean("""
            name: default-bar
            dataset: toyqa
            models: { generator: stories260K }
            pipelines: [{ name: closed-book, kind: closed-book }]
            """);

        Assert.That((suite.Calibration.Labels, suite.Calibration.MinAuroc), Is.EqualTo(("expertqa", 0.70)));
    }

    [Test]
    public void ACalibrationBarWithUnknownLabelsOrAnAurocBelowChanceIsAProblem()
    {
        var problems = Problems("""
            name: bad-bar
            dataset: toyqa
            models: { generator: stories260K }
            pipelines: [{ name: closed-book, kind: closed-book }]
            calibration: { labels: expertq, min_auroc: 0.4, strict: true }
            """);

        Assert.Multiple(() =>
        {
            Assert.That(problems, Has.Some.StartsWith("5:24: unknown human-label set 'expertq' - did you mean 'expertqa'?"));
            Assert.That(problems, Has.Some.StartsWith("5:44: 'min_auroc' must lie between 0.5 (chance) and 1, got 0.4"));
            Assert.That(problems, Has.Some.Contains("strict"));
        });
    }

    [Test]
    public void GatesMustNameAMetricIdTheSuiteComputesAndAnExistingPipeline()
    {
        var problems = Problems("""
            name: gates
            dataset: toyqa
            models: { generator: stories260K }
            pipelines: [{ name: rag-bm25, kind: rag, retriever: bm25 }]
            metrics: [retrieval]
            gates:
              - { metric: retrieval, min: 0.5 }
              - { metric: token_f1, min: 0.5 }
              - { metric: recall@5, pipeline: rag-bm52, min: 0.5 }
              - { metric: recall@5 }
              - { compare: [rag-bm25], metric: mrr }
              - { error_budget: 2 }
              - { min: 0.5 }
            """);

        Assert.Multiple(() =>
        {
            Assert.That(problems, Has.Some.StartsWith("7:15: a gate needs one metric id, not the family 'retrieval'"));
            Assert.That(problems, Has.Some.StartsWith("8:15: the gate uses 'token_f1' but the suite does not compute it"));
            Assert.That(problems, Has.Some.EqualTo("9:35: unknown pipeline 'rag-bm52' - did you mean 'rag-bm25'?"));
            Assert.That(problems, Has.Some.StartsWith("10:5: a metric gate needs 'min:' and/or 'max:'"));
            Assert.That(problems, Has.Some.StartsWith("11:16: 'compare' needs two pipelines"));
            Assert.That(problems, Has.Some.StartsWith("12:21: 'error_budget' is a share of cases between 0 and 1"));
            Assert.That(problems, Has.Some.EqualTo("13:5: a gate needs 'compare: [a, b]', 'regression: true', 'error_budget: <share>' or 'metric:' with 'min:'/'max:'"));
        });
    }

    [Test]
    public void ACorpusMetricCanBeAThresholdButNotAPairedGate()
    {
        var problems = Problems("""
            name: gates
            dataset: toyqa
            models: { generator: stories260K }
            pipelines: [{ name: a, kind: closed-book }, { name: b, kind: closed-book }]
            metrics: [answer]
            gates:
              - { metric: corpus_bleu, pipeline: a, min: 0.01 }
              - { compare: [a, b], metric: corpus_bleu }
              - { regression: true, margin: 0.02, metrics: [corpus_bleu] }
            """);

        Assert.Multiple(() =>
        {
            Assert.That(problems, Has.None.StartsWith("7:"));
            Assert.That(problems, Has.Some.StartsWith("8:32: 'corpus_bleu' is one figure of the whole pipeline, with no per-case values to pair"));
            Assert.That(problems, Has.Some.StartsWith("9:49: 'corpus_bleu' is one figure of the whole pipeline"));
        });
    }

    [Test]
    public void ARegressionGateReadsItsRelativeMarginOrTakesTenPercent()
    {
        var gates = ReadClean("""
            name: gates
            dataset: toyqa
            models: { generator: stories260K }
            pipelines: [{ name: a, kind: closed-book }]
            metrics: [answer, latency]
            gates:
              - { regression: true, margin: 0.02 }
              - { regression: true, margin: 0.02, relative_margin: 0.25 }
            """).Gates.Cast<RegressionGateDefinition>().ToArray();

        Assert.That(gates.Select(g => g.RelativeMargin), Is.EqualTo(new[] { 0.10, 0.25 }));
    }

    [Test]
    public void TheCostBlockIsReadAndANegativePriceReported()
    {
        var suite = ReadClean("""
            name: costs
            dataset: toyqa
            models: { generator: stories260K }
            pipelines: [{ name: a, kind: closed-book }]
            metrics: [cost]
            cost: { currency: EUR, per_1k_prompt_tokens: 0.5, per_1k_completion_tokens: 1.5, per_gpu_hour: 2.4 }
            """);
        var problems = Problems("""
            name: costs
            dataset: toyqa
            models: { generator: stories260K }
            pipelines: [{ name: a, kind: closed-book }]
            metrics: [cost]
            cost: { per_gpu_hour: -1, per_1k_tokens: 2 }
            """);

        Assert.Multiple(() =>
        {
            Assert.That(suite.Cost, Is.EqualTo(new Harness.Core.Costs.CostRates { Currency = "EUR", PerThousandPromptTokens = 0.5, PerThousandCompletionTokens = 1.5, PerGpuHour = 2.4 }));
            Assert.That(problems, Has.Some.StartsWith("6:23: 'per_gpu_hour' is a price, 0 or more"));
            Assert.That(problems, Has.Some.Contains("per_1k_tokens"));
        });
    }

    [Test]
    public void ReportFormatsAreEveryFormatByDefaultOrTheOnesNamed()
    {
        const string Suite = """
            name: formats
            dataset: toyqa
            pipelines: [{ name: a, kind: extractive, retriever: bm25 }]

            """;

        Assert.Multiple(() =>
        {
            Assert.That(ReadClean(Suite).Formats, Is.EqualTo(new[] { "csv", "json", "md", "junit", "html" }));
            Assert.That(ReadClean(Suite + "report: { formats: [junit, csv] }\n").Formats, Is.EqualTo(new[] { "junit", "csv" }));
        });
    }

    [Test]
    public void AnUnknownOrRepeatedReportFormatIsAnErrorAtItsPosition()
    {
        // Line 4 is the report block: "report: { formats: [" is 20 characters, so "mdd" starts at column 21,
        // "mdd, csv, " 10 more, so the second "csv" at column 31.
        var problems = Problems("""
            name: formats
            dataset: toyqa
            pipelines: [{ name: a, kind: extractive, retriever: bm25 }]
            report: { formats: [mdd, csv, csv] }
            """);

        Assert.That(problems, Is.EqualTo(new[]
        {
            "4:21: unknown report format 'mdd' - did you mean 'md'?",
            "4:31: report format 'csv' is named twice - name each once",
        }));
    }

    [Test]
    public void PromptPlaceholdersAreChecked()
    {
        var problems = Problems("""
            name: prompts
            dataset: toyqa
            models: { generator: stories260K }
            pipelines:
              - { name: a, kind: closed-book, prompt: "Q: {qustion}" }
              - { name: b, kind: rag, retriever: bm25, prompt: "Q: {question}" }
            """);

        Assert.That(problems, Has.Some.EqualTo("5:43: unknown placeholder '{qustion}' in the prompt - did you mean 'question'?"));
        Assert.That(problems, Has.Some.StartsWith("5:43: the prompt has no {question} placeholder"));
        Assert.That(problems, Has.Some.StartsWith("6:52: a retrieval pipeline's prompt needs a {context} placeholder"));
    }

    [Test]
    public void BadValuesAreReportedWhereTheyAre()
    {
        var problems = Problems("""
            name: values
            dataset: toyqa
            limit: -1
            models: { generator: stories260K }
            generation: { temperature: hot }
            pipelines:
              - { name: a, kind: rag, retriever: { kind: bm52, chunk: { tokens: 10, overlap: 10 } } }
              - { name: r, kind: remote, remote: { base_url: "not a url", model: m, api_key: secret } }
            labels:
              yes: ['(unclosed']
            """);

        Assert.Multiple(() =>
        {
            Assert.That(problems, Has.Some.EqualTo("3:8: 'limit' must be at least 0, got -1"));
            Assert.That(problems, Has.Some.EqualTo("5:28: 'temperature' must be a number, got 'hot'"));
            Assert.That(problems, Has.Some.EqualTo("7:46: unknown retriever kind 'bm52' - did you mean 'bm25'?"));
            Assert.That(problems, Has.Some.EqualTo("7:82: 'overlap' must be at least 0 and smaller than 'tokens' (10), got 10"));
            Assert.That(problems, Has.Some.StartsWith("8:50: 'base_url' must be an absolute URL"));
            Assert.That(problems, Has.Some.StartsWith("8:73: never put a key in a suite"));
            Assert.That(problems, Has.None.Contains("unknown key 'api_key'"), "one message for one mistake");
            Assert.That(problems, Has.Some.StartsWith("10:9: invalid regular expression for label 'yes'"));
        });
    }

    [Test]
    public void SeveralSyntaxErrorsAreReportedAndTheRestOfTheFileStillChecked()
    {
        var problems = Problems("""
            name: syntax
            dataset: toyqa
            models: { generator: stories260K }
            pipelines:
              - name: a
                kind: closed-book
               seed: 1
              - name: b
                kind: closed-bok
                  max_tokens: 3
            metrics: [answr]
            """);

        Assert.Multiple(() =>
        {
            Assert.That(problems, Has.Some.StartsWith("7:4: invalid YAML").And.Contains("(this line is indented 3 spaces, line 6 4 spaces)"));
            Assert.That(problems, Has.Some.StartsWith("10:17: invalid YAML"));
            Assert.That(problems, Has.Some.EqualTo("9:11: unknown pipeline kind 'closed-bok' - did you mean 'closed-book'?"));
            Assert.That(problems, Has.Some.EqualTo("11:11: unknown metric 'answr' - did you mean 'answer'?"));
        });
    }

    [Test]
    public void ADuplicateKeyAndATabAreSyntaxErrorsAtTheirLines()
    {
        var problems = Problems("name: dup\ndataset: toyqa\ndataset: toyqa\nmodels: { generator: stories260K }\n\tseed: 1\npipelines: [{ name: a, kind: closed-book }]\n");

        Assert.That(problems, Is.EqualTo(new[]
        {
            "5:1: invalid YAML: a tab in the indentation - YAML indents with spaces only",
            "3:1: invalid YAML: the key 'dataset' appears twice in one mapping - keep one",
        }));
    }

    [Test]
    public void AnUnclosedBracketIsReportedWhereItOpensAndTheRestStillChecked()
    {
        var problems = Problems("""
            name: brackets
            dataset: toyqa
            models: { generator: stories260K
            pipelines:
              - { name: a, kind: closed-bok }
            metrics: [answr]
            """);

        Assert.That(problems, Is.EqualTo(new[]
        {
            "3:9: invalid YAML: this '{' or '[' is never closed - close it on the same line, or write the entries as indented lines",
            "6:11: unknown metric 'answr' - did you mean 'answer'?",
            "5:22: unknown pipeline kind 'closed-bok' - did you mean 'closed-book'?",
        }));
    }

    [Test]
    public void SettingsTheirPipelineNeverReadsAreRefusedWhereTheyAreWritten()
    {
        var problems = Problems("""
            name: ignored
            dataset: toyqa
            models: { generator: stories260K }
            pipelines:
              - name: floor
                kind: extractive
                retriever: { kind: bm25, index: HNSW32, rrf_k: 10 }
                prompt: "{context} {question}"
                max_tokens: 8
                temperature: 0.5
                seed: 3
              - name: server
                kind: remote
                retriever: { kind: dense, rrf_k: 10 }
                prompt: { template: "{question}", chat_template: true }
                remote: { base_url: "http://localhost:8000/v1", model: served }
              - name: closed
                kind: closed-book
                prompt: { template: "{question}", system: Be brief. }
            gates:
              - { metric: rouge_l, min: 1.5 }
            """);

        Assert.That(problems, Is.EquivalentTo(new[]
        {
            "7:30: a bm25 retriever has no vector index - 'index' (a FAISS factory string) applies to kinds dense and hybrid; remove it",
            "7:45: a bm25 retriever fuses no rankings - 'rrf_k' (the fusion constant) applies to kind hybrid; remove it",
            "8:5: a pipeline of kind extractive answers without a model, so 'prompt' means nothing to it - remove it",
            "9:5: a pipeline of kind extractive answers without a model, so 'max_tokens' means nothing to it - remove it",
            "10:5: a pipeline of kind extractive answers without a model, so 'temperature' means nothing to it - remove it",
            "11:5: a pipeline of kind extractive answers without a model, so 'seed' means nothing to it - remove it",
            "14:31: a dense retriever fuses no rankings - 'rrf_k' (the fusion constant) applies to kind hybrid; remove it",
            "15:39: a remote server applies its own chat template to the messages it is sent - remove 'chat_template'",
            "19:39: 'system' reaches a local model only through its chat template - add 'chat_template: true', or remove 'system'",
            "21:29: 'min' must lie among the values rouge_l takes, 0 to 1, got 1.5",
        }));
    }

    [Test]
    public void SuiteDefaultsThatNoPipelineOrMetricTakesAreRefused()
    {
        var problems = Problems("""
            name: unused
            dataset: toyqa
            models: { generator: stories260K, embedder: minilm, fluency: stories260K }
            generation: { max_tokens: 8 }
            prompts: { rag: "{context} {question}" }
            cost: { per_gpu_hour: 2.5 }
            metrics: [answer]
            pipelines:
              - { name: floor, kind: extractive, retriever: bm25 }
            """);

        Assert.That(problems, Is.EquivalentTo(new[]
        {
            "3:11: nothing uses 'generator': every local pipeline names its own 'model:', no other pipeline counts chunk tokens with it, and perplexity is not computed - remove it",
            "3:35: nothing uses 'embedder': no dense or hybrid retriever goes without its own 'embedder:', and no relevance metric is computed - remove it",
            "3:53: 'fluency' is the model of the perplexity metric, and the suite does not compute it - add 'fluency' to metrics or remove it",
            "4:1: no pipeline of the suite generates text (an extractive pipeline answers without a model), so 'generation' means nothing - remove it",
            "5:12: no pipeline answers with prompts.rag: the suite has no rag pipeline - remove it",
            "6:1: 'cost' prices cost_per_case and cost_total, and the suite computes neither - add 'cost' to metrics or remove it",
        }));
    }

    [Test]
    public void AFileThatIsNotAMappingIsReported()
    {
        Assert.That(Problems("- just\n- a list\n"), Is.EqualTo(new[] { "1:1: the file must be a YAML mapping of 'key: value' lines" }));
    }
}
