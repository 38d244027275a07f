using Harness.Core.Results;
using Harness.Core.Suites;
using Harness.Reporting.Charts;

namespace Harness.Reporting.Tests;

/// <summary>The learning curves are drawn from every variant's selection score, one line per combination of the other swept settings.</summary>
public sealed class LearningCurveTests
{
    private static MetricSummary Score(string pipeline, string metric, double mean) => new(pipeline, metric, mean, mean - 0.1, mean + 0.1, 20, 0, 0);

    private static VariantScore Rag(int topK, int words, double f1, double recall)
    {
        var name = $"rag[top_k={topK},chunk.words={words}]";
        return new VariantScore(name, [new SweepSetting("top_k", $"{topK}"), new SweepSetting("chunk.words", $"{words}")],
            Score(name, "token_f1", f1), 300, 40, null, Score(name, $"recall@{topK}", recall));
    }

    private static VariantScore FineTuned(int epochs, long tokens, double f1)
    {
        var name = $"ft[train.epochs={epochs}]";
        return new VariantScore(name, [new SweepSetting("train.epochs", $"{epochs}")], Score(name, "token_f1", f1), 60, 30, tokens, null);
    }

    private static RunResult Run() => FakeRun.Create() with
    {
        Selection = new SelectionRecord
        {
            Metric = "token_f1",
            HigherIsBetter = true,
            Source = "split dev",
            CaseIds = ["d1", "d2"],
            Directory = "selection",
            Sweeps =
            [
                new SweepChoice("rag", "rag", "rag", "rag[top_k=1,chunk.words=50]", "cheapest",
                    [Rag(1, 50, 0.2, 0.3), Rag(1, 100, 0.25, 0.4), Rag(3, 50, 0.3, 0.6), Rag(3, 100, 0.35, 0.7)]),
                new SweepChoice("ft", "fine-tuned", "fine-tuning", "ft[train.epochs=1]", "best", [FineTuned(1, 1000, 0.1), FineTuned(2, 2000, 0.15)]),
            ],
        },
    };

    private static ChartModel Chart(string name) => RunCharts.Build(Run()).Single(c => c.Name == name);

    [Test]
    public void QualityAgainstTopKHasALinePerChunkSizeWithEachVariantsCi()
    {
        var chart = Chart("learning-rag-top-k");
        Assert.That(chart.Kind, Is.EqualTo(ChartKind.Curve));
        Assert.That(chart.Series.Select(s => s.Name), Is.EqualTo(new[] { "rag (chunk.words=50)", "rag (chunk.words=100)" }));
        var fifty = chart.Series[0].Points;
        // chunk.words=50: top_k 1 → 0.2 [0.1, 0.3], top_k 3 → 0.3 [0.2, 0.4].
        Assert.That(fifty.Select(p => (p.X, p.Value)), Is.EqualTo(new (double?, double)[] { (1, 0.2), (3, 0.3) }));
        Assert.That((fifty[0].Low!.Value, fifty[0].High!.Value), Is.EqualTo((0.1, 0.3)).Within(1e-12));
    }

    [Test]
    public void RecallAtKIsEachVariantsRecallAtItsOwnTopK()
    {
        var points = Chart("learning-rag-recall").Series[1].Points;
        // chunk.words=100: recall@1 of the top_k=1 variant 0.4, recall@3 of the top_k=3 variant 0.7.
        Assert.That(points.Select(p => (p.X, p.Value)), Is.EqualTo(new (double?, double)[] { (1, 0.4), (3, 0.7) }));
    }

    [Test]
    public void ATrainedPipelinesCurveIsAgainstItsTrainingTokens()
    {
        var chart = Chart("learning-ft-training");
        Assert.That(chart.X.Title, Is.EqualTo("training tokens"));
        Assert.That(chart.Series.Single().Points.Select(p => (p.X, p.Value)), Is.EqualTo(new (double?, double)[] { (1000, 0.1), (2000, 0.15) }));
    }

    [Test]
    public void ARunWithoutSweepsHasNoLearningCurves() =>
        Assert.That(RunCharts.Build(FakeRun.Create()).Select(c => c.Name), Has.None.StartsWith("learning-"));
}
