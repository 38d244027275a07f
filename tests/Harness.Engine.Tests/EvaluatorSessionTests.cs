using Harness.Core;
using Harness.Core.Caching;
using Harness.Core.Gates;
using Harness.Core.Metrics;
using Harness.Core.Running;
using Harness.Core.Suites;
using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;

namespace Harness.Engine.Tests;

/// <summary>
/// suites/examples/meai-evaluator.yaml end to end with the real tiny model: the example project's two MEAI evaluators
/// are built, loaded and run on every answer, the judge-based one through the suite's stories260K judge, and their
/// metrics are summarised and gated like any other.
/// </summary>
[Category("model")]
public sealed class EvaluatorSessionTests
{
    private string _output = "";

    [SetUp]
    public void RequireModel()
    {
        if (!File.Exists(Path.Combine(RepositoryPaths.Cache, "models", "stories260K.gguf")))
        {
            Assert.Ignore("stories260K.gguf is not in the cache: run 'bash native/bootstrap.sh' with ../shared beside the repository");
        }
        _output = Directory.CreateTempSubdirectory("harness-evaluators-").FullName;
    }

    [TearDown]
    public void RemoveOutput() => Directory.Delete(_output, recursive: true);

    [Test]
    public async Task TheExampleSuitesEvaluatorsScoreEveryAnswerAndTheirGatesDecide()
    {
        var validation = new SuiteValidator().Validate(Path.Combine(RepositoryPaths.Root, "suites", "examples", "meai-evaluator.yaml"));
        Assert.That(validation.Problems, Is.Empty);

        var result = await new SuiteSession(NullLoggerFactory.Instance).RunAsync(
            validation.Suite!,
            new RunOptions { Cache = CacheMode.Off, GenerationCachePath = Path.Combine(_output, "generations.db"), OutputDirectory = Path.Combine(_output, "run"), Threads = 1 },
            new SessionOptions { RecordHistory = false },
            progress: null,
            CancellationToken.None);

        var values = result.Run.Results.SelectMany(r => r.Metrics).ToArray();
        Assert.Multiple(() =>
        {
            // toyfacts has 5 clean cases, run by 2 pipelines: 10 results, each with every evaluator id.
            Assert.That(values.Count(v => v.MetricId == "length.words" && v.Status == ValueStatus.Ok), Is.EqualTo(10));
            Assert.That(values.Count(v => v.MetricId == "judged_relevance.relevant" && v.Status == ValueStatus.Ok), Is.EqualTo(10), "the local judge answers yes or no under the evaluator's grammar");
            // Exactly one verbosity value holds per answer, so the three shares sum to 1 in each result.
            Assert.That(result.Run.Results.Select(r => r.Metrics.Where(v => v.MetricId.StartsWith("length.verbosity=", StringComparison.Ordinal)).Sum(v => v.Value)), Has.All.EqualTo(1));
            Assert.That(result.Run.Summary.Single(s => s.MetricId == "length.within_bounds" && s.Pipeline == "base").Interval, Is.EqualTo("clopper-pearson"), "a boolean is a proportion");
            Assert.That(result.Run.Gates.Where(g => g.MetricId?.StartsWith("length.", StringComparison.Ordinal) == true).Select(g => g.Verdict),
                Is.EqualTo(new[] { GateVerdict.Pass, GateVerdict.Pass, GateVerdict.Pass }), "within_bounds on both pipelines, words on fine-tuned");
        });
    }
}
