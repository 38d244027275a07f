using Harness.Core.Metrics;
using Harness.Metrics.Answer;

namespace Harness.Metrics.Tests.Answer;

public sealed class AnswerMetricTests
{
    private readonly AnswerMetric _metric = new();

    [Test]
    public async Task ScoresEveryAnswerMetricAgainstTheReferences()
    {
        var values = await _metric.EvaluateAsync(Contexts.For("the Broncos", ["Denver Broncos"]), CancellationToken.None);

        Assert.That(values.Select(v => v.MetricId), Is.EqualTo(new[] { "exact_match", "token_f1", "rouge_l", "bleu" }));
        Assert.That(values.All(v => v.Status == ValueStatus.Ok), Is.True);
        Assert.That(values.Value("exact_match").Value, Is.Zero);
        // [broncos] vs [denver, broncos]: P = 1, R = 1/2
        Assert.That(values.Value("token_f1").Value, Is.EqualTo(2.0 / 3.0).Within(1e-12));
        // rouge-score keeps "the": [the, broncos] vs [denver, broncos], LCS 1, P = R = 1/2
        Assert.That(values.Value("rouge_l").Value, Is.EqualTo(0.5).Within(1e-12));
        // 13a tokens [the, Broncos] vs [Denver, Broncos]: p1 = 1/2, bigrams 0/1 → exp smoothing 1/2, no trigrams → effective order 2,
        // BP = 1: (1/2 · 1/2)^(1/2) = 0.5
        Assert.That(values.Value("bleu").Value, Is.EqualTo(0.5).Within(1e-12));
    }

    private static readonly object[] NoReferences = [new object[] { Array.Empty<string>() }, new object[] { new[] { "", "   " } }];

    [TestCaseSource(nameof(NoReferences))]
    public async Task IsInconclusiveWhenTheCaseHasNoReference(string[] references)
    {
        var values = await _metric.EvaluateAsync(Contexts.For("Paris", references), CancellationToken.None);

        Assert.That(values, Has.Count.EqualTo(4));
        Assert.That(values, Has.All.Property(nameof(MetricValue.Status)).EqualTo(ValueStatus.Inconclusive));
        Assert.That(values, Has.All.Property(nameof(MetricValue.Value)).Null);
    }

    [Test]
    public async Task ComputesCorpusBleuOverCasesWithReferencesOnly()
    {
        MetricContext[] contexts =
        [
            Contexts.For("the cat sat on the mat", ["the cat is on the mat"]),
            Contexts.For("the dog barked loudly today", ["the dog barked loudly"]),
            Contexts.For("no reference here", []),
        ];

        var values = await _metric.EvaluateCorpusAsync(contexts, CancellationToken.None);

        // the two cases of BleuTests.PoolsCountsOverCasesForCorpusBleu
        Assert.That(values.Value("corpus_bleu").Value, Is.EqualTo(Math.Pow(162.0 / 3465, 0.25)).Within(1e-12));
        Assert.That(values.Value("corpus_bleu").Diagnostic, Is.EqualTo("2 of 3 cases have a reference answer"));
    }

    [Test]
    public async Task CorpusBleuIsInconclusiveWithoutAnyReference()
    {
        var values = await _metric.EvaluateCorpusAsync([Contexts.For("Paris")], CancellationToken.None);

        Assert.That(values.Value("corpus_bleu").Status, Is.EqualTo(ValueStatus.Inconclusive));
    }
}
