using Harness.Core.Baselines;
using Harness.Core.Gates;
using Harness.Core.Results;
using Harness.Core.Running;
using Harness.Core.Suites;
using Harness.Engine;
using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;

namespace Harness.NUnit.Acceptance;

/// <summary>
/// The gates' acceptance criteria on real runs: a BM25 + extractive suite over 60 COVID-QA cases
/// (no language model, so it takes seconds), run with 5 retrieved passages, saved as the baseline,
/// then run with 1 passage, with 5 again, and with a pipeline forced to fail on some cases.
/// </summary>
[TestFixture]
[Category("acceptance")]
[NonParallelizable]
public sealed class GateAcceptanceTests
{
    private const string SuiteText = """
        name: acceptance-covidqa
        dataset: covidqa
        limit: 60
        seed: 7
        scope: document
        pipelines:
          - { name: extractive, kind: extractive, retriever: { kind: bm25, top_k: 5, chunk: passages } }
        metrics: [retrieval, answer]
        gates:
          - { metric: recall@5, pipeline: extractive, min: 0.50 }
          - { metric: token_f1, pipeline: extractive, min: 0.20 }
          - { regression: true, margin: 0.02, metrics: [recall@5, token_f1] }
          - { error_budget: 0.0 }
        """;

    private string _directory = "";
    private string _baselines = "";
    private RunResult _topFive = null!;
    private RunResult _topOne = null!;
    private RunResult _topFiveAgain = null!;
    private RunResult _faulty = null!;

    [OneTimeSetUp]
    public async Task RunTheSuiteWithFivePassagesThenOneThenFiveAgainThenFaulty()
    {
        _directory = Directory.CreateTempSubdirectory("harness-acceptance-").FullName;
        _baselines = Path.Combine(_directory, "baselines");
        _topFive = await RunAsync("top5", SuiteText);
        BaselineStore.Save(Baseline.FromRun(_topFive, DateTimeOffset.UtcNow), _baselines);
        _topOne = await RunAsync("top1", SuiteText.Replace("top_k: 5", "top_k: 1", StringComparison.Ordinal));
        _topFiveAgain = await RunAsync("top5-again", SuiteText);
        _faulty = await RunFaultyAsync("faulty", SuiteText);
    }

    [OneTimeTearDown]
    public void DeleteTheRuns()
    {
        // The run stores' pooled SQLite connections keep their files open until cleared.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Test]
    public void OnePassageInsteadOfFiveIsReportedAsRegressedWithItsCiAndP()
    {
        var recall = Regression(_topOne, "recall@5");

        Assert.Multiple(() =>
        {
            Assert.That(recall.Verdict, Is.EqualTo(GateVerdict.Fail));
            Assert.That(recall.CiHigh, Is.LessThan(-0.02));
            Assert.That(recall.AdjustedPValue, Is.LessThan(0.05));
            Assert.That(recall.Message, Does.Match(@"difference -0\.\d{3}, 95% CI \[-0\.\d{3}, -0\.\d{3}\]; required: reject H0 ""change ≤ -0\.02"" \(non-inferiority, one-sided\) with Holm-adjusted p < 0\.05 over the \d+ hypotheses of this evaluation; fail branch p (<|=) 0\.\d{4}, Holm-adjusted p (<|=) 0\.\d{4} → fail"));
            Assert.That(GateEvaluator.Overall(_topOne.Gates.Where(g => g.Kind == GateKind.Regression)), Is.EqualTo(GateVerdict.Fail));
        });
    }

    [Test]
    public void TheSameConfigurationIsNotRegressedAgainstItsOwnBaseline()
    {
        var regression = _topFiveAgain.Gates.Where(g => g.Kind == GateKind.Regression).ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(regression.Select(g => g.MetricId), Is.EqualTo(new[] { "recall@5", "token_f1" }));
            Assert.That(regression.Select(g => g.Verdict), Is.All.EqualTo(GateVerdict.Pass));
            Assert.That(regression.Select(g => g.Value), Is.All.EqualTo(0.0));
        });
    }

    [Test]
    public void TighteningOneThresholdFailsExactlyThatGateWithItsEvidence()
    {
        var original = Validate("original", SuiteText);
        var tightened = Validate("tightened", SuiteText.Replace("min: 0.20", "min: 0.50", StringComparison.Ordinal));

        var before = GateEvaluator.Evaluate(original, _topFive, null, GateOptions.Default);
        var after = GateEvaluator.Evaluate(tightened, _topFive, null, GateOptions.Default);

        var changed = before.Zip(after).Where(pair => pair.First.Verdict != pair.Second.Verdict).ToArray();
        Assert.That(changed, Has.Length.EqualTo(1));
        var (was, now) = changed[0];
        Assert.Multiple(() =>
        {
            Assert.That(was.Verdict, Is.EqualTo(GateVerdict.Pass));
            Assert.That(now.Verdict, Is.EqualTo(GateVerdict.Fail));
            Assert.That(now.Name, Is.EqualTo("acceptance-covidqa / extractive / token_f1 ≥ 0.50"));
            Assert.That(now.Message, Does.Match(@"^token_f1 of extractive = 0\.\d{3}, 95% CI \[0\.\d{3}, 0\.\d{3}\] \(bca-bootstrap\), n = 60; required: CI low ≥ 0\.50 → fail\. Worst case: \S+ \(200423_covidQA\.json:[\d:]+\) = 0\.000;"));
        });
    }

    [Test]
    public void APipelineForcedToErrorCannotPassAnyGateThatNeedsItsCases()
    {
        var errors = _faulty.Results.Count(r => r.Error == FaultyPipelineFactory.Error);

        Assert.Multiple(() =>
        {
            Assert.That(errors, Is.EqualTo(6), "every 10th of 60 cases fails");
            // The same gates pass on the clean run with the same settings.
            Assert.That(_topFiveAgain.Gates.Select(g => g.Verdict), Is.All.EqualTo(GateVerdict.Pass));
            Assert.That(_faulty.Gates.Select(g => g.Verdict), Is.All.EqualTo(GateVerdict.Fail));
            Assert.That(_faulty.Gates[0].Message, Does.StartWith("6 of 60 cases of recall@5 in extractive are in error"));
        });
    }

    private static GateResult Regression(RunResult run, string metric) =>
        run.Gates.Single(g => g.Kind == GateKind.Regression && g.MetricId == metric);

    private SuiteDefinition Validate(string name, string text)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_directory, name, "suite")).FullName;
        var path = Path.Combine(folder, "acceptance-covidqa.yaml");
        File.WriteAllText(path, text);
        var validation = new SuiteValidator().Validate(path);
        return validation.Suite ?? throw new InvalidOperationException(string.Join(Environment.NewLine, validation.Problems));
    }

    private RunOptions Options(string name) => new() { OutputDirectory = Path.Combine(_directory, name, "run"), Fresh = true };

    private Task<RunResult> RunAsync(string name, string text) => RunAsync(name, text, new SuiteSession(NullLoggerFactory.Instance));

    /// <summary>The same suite through the real session, with every 10th case failing in the pipeline.</summary>
    private Task<RunResult> RunFaultyAsync(string name, string text) => RunAsync(name, text, new SuiteSession(
        NullLoggerFactory.Instance, pipelines: new FaultyPipelineFactory(SuiteSession.DefaultPipelines(NullLoggerFactory.Instance), every: 10)));

    private async Task<RunResult> RunAsync(string name, string text, SuiteSession suiteSession)
    {
        var session = new SessionOptions { UseBaseline = true, BaselineDirectory = _baselines, RecordHistory = false, WriteReports = false };
        var result = await suiteSession.RunAsync(Validate(name, text), Options(name), session, progress: null, CancellationToken.None);
        return result.Run;
    }
}
