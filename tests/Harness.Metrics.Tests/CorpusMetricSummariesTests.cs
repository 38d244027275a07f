using Harness.Core.Data;
using Harness.Core.Metrics;
using Harness.Core.Pipelines;
using Harness.Core.Results;
using Harness.Core.Statistics;
using Harness.Metrics.Answer;

namespace Harness.Metrics.Tests;

public sealed class CorpusMetricSummariesTests
{
    [Test]
    public async Task SummarisesEachPipelineOverTheCasesThatProducedAnOutput()
    {
        EvalCase[] cases =
        [
            new() { Id = "cat", Question = "q", References = ["the cat is on the mat"] },
            new() { Id = "dog", Question = "q", References = ["the dog barked loudly"] },
            new() { Id = "failed", Question = "q", References = ["anything"] },
        ];
        CaseResult[] results =
        [
            // stored out of case order: the summary must not depend on it
            new("dog", "rag", new PipelineOutput { Answer = "the dog barked loudly today" }, null, []),
            new("cat", "rag", new PipelineOutput { Answer = "the cat sat on the mat" }, null, []),
            new("failed", "rag", null, "generation failed", []),
            new("cat", "closed-book", new PipelineOutput { Answer = "" }, null, []),
        ];
        var run = new RunResult
        {
            Info = new RunInfo { RunId = "r", Suite = "s", Dataset = "d", StartedAt = DateTimeOffset.UnixEpoch },
            Environment = new RunEnvironment { MachineName = "m", OperatingSystem = "os", DotNetVersion = "10", ProcessorCount = 1 },
            Pipelines = [new PipelineInfo("rag", "rag", true, ""), new PipelineInfo("closed-book", "closed-book", false, "")],
            Cases = cases,
            Results = results,
            Metrics = [],
            Summary = [],
        };

        var summaries = await CorpusMetricSummaries.ComputeAsync(new AnswerMetric(), run, new MetricInputs(new Corpus([], []), null), seed: 1, CancellationToken.None);

        Assert.That(summaries, Has.Count.EqualTo(2));
        // the two cases of BleuTests.PoolsCountsOverCasesForCorpusBleu; the failed case counts as an error
        Assert.That(summaries[0].Pipeline, Is.EqualTo("rag"));
        Assert.That(summaries[0].MetricId, Is.EqualTo("corpus_bleu"));
        Assert.That(summaries[0].Mean, Is.EqualTo(Math.Pow(162.0 / 3465, 0.25)).Within(1e-12));
        Assert.That((summaries[0].N, summaries[0].NInconclusive, summaries[0].NError), Is.EqualTo((2, 0, 1)));
        // resamples of two cases give BLEU between the worse case alone and the better one: the CI brackets the estimate
        Assert.That(summaries[0].CiLow, Is.LessThanOrEqualTo(summaries[0].Mean));
        Assert.That(summaries[0].CiHigh, Is.GreaterThanOrEqualTo(summaries[0].Mean));
        Assert.That(summaries[0].CiHigh, Is.LessThanOrEqualTo(1.0));
        // an empty answer matches nothing, in every resample too
        Assert.That((summaries[1].Mean, summaries[1].CiLow, summaries[1].CiHigh), Is.EqualTo((0.0, 0.0, 0.0)));
    }
}
