using Harness.Core.Metrics;
using Harness.Metrics.Answer;

namespace Harness.Metrics.Tests;

public sealed class CompositeMetricTests
{
    private static readonly MetricDescriptor Broken1 = new("broken_1", "Broken 1", "test", "", HigherIsBetter: true);
    private static readonly MetricDescriptor Broken2 = new("broken_2", "Broken 2", "test", "", HigherIsBetter: true);

    [Test]
    public async Task IsolatesAThrowingMetricFromTheOthers()
    {
        var composite = new CompositeMetric([new ThrowingMetric(), new AnswerMetric()]);

        var values = await composite.EvaluateAsync(Contexts.For("Paris", ["Paris"]), CancellationToken.None);

        Assert.That(values.Select(v => v.MetricId), Is.EqualTo(new[] { "broken_1", "broken_2", "exact_match", "token_f1", "rouge_l", "bleu" }));
        Assert.That(values.Value("broken_1").Status, Is.EqualTo(ValueStatus.Error));
        Assert.That(values.Value("broken_2").Diagnostic, Is.EqualTo("metric 'broken' failed: InvalidOperationException: the metric broke"));
        Assert.That(values.Value("exact_match").Value, Is.EqualTo(1.0));
    }

    [Test]
    public async Task GivesADescriptorThatAMetricLeftOutAnErrorValue()
    {
        var composite = new CompositeMetric([new PartialMetric()]);

        var values = await composite.EvaluateAsync(Contexts.For("Paris"), CancellationToken.None);

        Assert.That(values.Value("broken_1").Value, Is.EqualTo(0.5));
        Assert.That(values.Value("broken_2").Status, Is.EqualTo(ValueStatus.Error));
    }

    [Test]
    public void LetsCancellationThrough()
    {
        var composite = new CompositeMetric([new ThrowingMetric()]);
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        Assert.That(async () => await composite.EvaluateAsync(Contexts.For("Paris"), cancellation.Token), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task RunsTheCorpusMetricsAmongItsParts()
    {
        var composite = new CompositeMetric([new ThrowingMetric(), new AnswerMetric()]);

        var values = await composite.EvaluateCorpusAsync(
            [Contexts.For("the cat sat on the mat", ["the cat is on the mat"]), Contexts.For("the dog barked loudly today", ["the dog barked loudly"])],
            CancellationToken.None);

        Assert.That(composite.CorpusDescriptors.Select(d => d.Id), Is.EqualTo(new[] { "corpus_bleu" }));
        // the two cases of BleuTests.PoolsCountsOverCasesForCorpusBleu; the throwing part has no corpus metric
        Assert.That(values.Single().Value, Is.EqualTo(Math.Pow(162.0 / 3465, 0.25)).Within(1e-12));
    }

    [Test]
    public void RejectsTwoMetricsWithTheSameId() =>
        Assert.That(() => new CompositeMetric([new AnswerMetric(), new AnswerMetric()]), Throws.ArgumentException.With.Message.Contains("exact_match"));

    /// <summary>Throws on every case; cancellation is observed first.</summary>
    private sealed class ThrowingMetric : IMetric
    {
        public string Name => "broken";

        public IReadOnlyList<MetricDescriptor> Descriptors => [Broken1, Broken2];

        public ValueTask<IReadOnlyList<MetricValue>> EvaluateAsync(MetricContext context, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw new InvalidOperationException("the metric broke");
        }
    }

    /// <summary>Returns a value for its first descriptor only.</summary>
    private sealed class PartialMetric : IMetric
    {
        public string Name => "partial";

        public IReadOnlyList<MetricDescriptor> Descriptors => [Broken1, Broken2];

        public ValueTask<IReadOnlyList<MetricValue>> EvaluateAsync(MetricContext context, CancellationToken cancellationToken) =>
            ValueTask.FromResult<IReadOnlyList<MetricValue>>([MetricValue.Ok(Broken1.Id, 0.5)]);
    }
}
