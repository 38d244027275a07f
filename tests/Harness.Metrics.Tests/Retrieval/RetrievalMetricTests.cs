using Harness.Core;
using Harness.Core.Data;
using Harness.Core.Metrics;
using Harness.Core.Pipelines;
using Harness.Metrics.Retrieval;

namespace Harness.Metrics.Tests.Retrieval;

public sealed class RetrievalMetricTests
{
    // Two gold units in document "d": G1 = [100, 110) and G2 = [300, 310).
    private static readonly EvidenceSpan _g1 = new("d", 100, 110);
    private static readonly EvidenceSpan _g2 = new("d", 300, 310);

    private static readonly Passage _miss1 = Chunk("miss1", 0, 50);
    private static readonly Passage _miss2 = Chunk("miss2", 500, 550);
    private static readonly Passage _coversG1 = Chunk("g1", 90, 120);
    private static readonly Passage _coversG1Again = Chunk("g1-again", 105, 150);
    private static readonly Passage _coversG2 = Chunk("g2", 290, 320);
    private static readonly Passage _coversBoth = Chunk("both", 90, 320);
    private static readonly Passage _touchesG1 = Chunk("touches", 110, 130); // starts where G1 ends: no overlap (ends are exclusive)
    private static readonly Passage _otherDocument = new("other", "e", 100, 110, "same offsets, another document");

    private static readonly object[] _table =
    [
        new object[]
        {
            "mixed list",
            // relevant: F T T F T; new units at ranks 2 (G1) and 5 (G2).
            new[] { _miss1, _coversG1, _coversG1Again, _miss2, _coversG2 },
            new[] { _g1, _g2 },
            new Dictionary<string, double>
            {
                ["precision@1"] = 0, ["precision@5"] = 3 / 5.0, ["precision@10"] = 3 / 10.0,
                ["recall@1"] = 0, ["recall@5"] = 1, ["recall@10"] = 1,
                ["hit@1"] = 0, ["hit@5"] = 1, ["hit@10"] = 1,
                // DCG@5 = 1/log2(3) + 1/log2(6) = 0.630930 + 0.386853 = 1.017783; IDCG = 1 + 1/log2(3) = 1.630930 → 0.624051.
                ["ndcg@1"] = 0, ["ndcg@5"] = 0.624051, ["ndcg@10"] = 0.624051,
                ["mrr"] = 1 / 2.0,
                // AP = (P@2 · 1 + P@5 · 1) / 2 = (1/2 + 3/5) / 2 = 0.55.
                ["map"] = 0.55,
            },
        },
        new object[]
        {
            "perfect list",
            new[] { _coversG1, _coversG2 },
            new[] { _g1, _g2 },
            new Dictionary<string, double>
            {
                ["precision@1"] = 1, ["precision@5"] = 2 / 5.0, ["precision@10"] = 2 / 10.0,
                ["recall@1"] = 1 / 2.0, ["recall@5"] = 1, ["recall@10"] = 1,
                ["hit@1"] = 1, ["hit@5"] = 1, ["hit@10"] = 1,
                ["ndcg@1"] = 1, ["ndcg@5"] = 1, ["ndcg@10"] = 1,
                ["mrr"] = 1,
                ["map"] = 1,
            },
        },
        new object[]
        {
            "one chunk covering both units",
            new[] { _coversBoth },
            new[] { _g1, _g2 },
            new Dictionary<string, double>
            {
                ["precision@1"] = 1, ["precision@5"] = 1 / 5.0, ["precision@10"] = 1 / 10.0,
                ["recall@1"] = 1, ["recall@5"] = 1, ["recall@10"] = 1,
                ["hit@1"] = 1, ["hit@5"] = 1, ["hit@10"] = 1,
                // gain 2 units at rank 1: DCG = 2/log2(2) = 2; the ideal holds the same gain: IDCG = 2 → 1.
                // (Before, binary gain over a per-unit ideal gave 1/(1 + 1/log2(3)) = 1/1.630930 = 0.613147.)
                ["ndcg@1"] = 1, ["ndcg@5"] = 1, ["ndcg@10"] = 1,
                ["mrr"] = 1,
                // AP = (2 units first covered at rank 1 · P@1 = 1) / 2 = 1.
                ["map"] = 1,
            },
        },
        new object[]
        {
            "second unit only, at rank 3",
            new[] { _touchesG1, _otherDocument, _coversG2 },
            new[] { _g1, _g2 },
            new Dictionary<string, double>
            {
                ["precision@1"] = 0, ["precision@5"] = 1 / 5.0, ["precision@10"] = 1 / 10.0,
                ["recall@1"] = 0, ["recall@5"] = 1 / 2.0, ["recall@10"] = 1 / 2.0,
                ["hit@1"] = 0, ["hit@5"] = 1, ["hit@10"] = 1,
                // DCG@5 = 1/log2(4) = 0.5; IDCG = 1.630930 → 0.306574.
                ["ndcg@1"] = 0, ["ndcg@5"] = 0.306574, ["ndcg@10"] = 0.306574,
                ["mrr"] = 1 / 3.0,
                // AP = (P@3 · 1) / 2 = (1/3) / 2 = 0.166667.
                ["map"] = 1 / 6.0,
            },
        },
        new object[]
        {
            "a duplicated gold span is one unit",
            new[] { _miss1, _coversG1 },
            new[] { _g1, _g1 },
            new Dictionary<string, double>
            {
                ["precision@1"] = 0, ["precision@5"] = 1 / 5.0, ["precision@10"] = 1 / 10.0,
                ["recall@1"] = 0, ["recall@5"] = 1, ["recall@10"] = 1,
                ["hit@1"] = 0, ["hit@5"] = 1, ["hit@10"] = 1,
                // DCG@5 = 1/log2(3) = 0.630930; IDCG = 1 (one unit) → 0.630930.
                ["ndcg@1"] = 0, ["ndcg@5"] = 0.630930, ["ndcg@10"] = 0.630930,
                ["mrr"] = 1 / 2.0,
                ["map"] = 1 / 2.0,
            },
        },
        new object[]
        {
            "nothing retrieved",
            Array.Empty<Passage>(),
            new[] { _g1 },
            new Dictionary<string, double>
            {
                ["precision@1"] = 0, ["precision@5"] = 0, ["precision@10"] = 0,
                ["recall@1"] = 0, ["recall@5"] = 0, ["recall@10"] = 0,
                ["hit@1"] = 0, ["hit@5"] = 0, ["hit@10"] = 0,
                ["ndcg@1"] = 0, ["ndcg@5"] = 0, ["ndcg@10"] = 0,
                ["mrr"] = 0,
                ["map"] = 0,
            },
        },
    ];

    [TestCaseSource(nameof(_table))]
    public async Task ValuesMatchTheHandComputedTable(string scenario, Passage[] ranked, EvidenceSpan[] gold, Dictionary<string, double> expected)
    {
        var values = await new RetrievalMetric().EvaluateAsync(Context(ranked, gold, retrieves: true), CancellationToken.None);

        Assert.That(values.Select(v => v.MetricId), Is.EquivalentTo(expected.Keys), scenario);
        foreach (var value in values)
        {
            Assert.That(value.Status, Is.EqualTo(ValueStatus.Ok), $"{scenario}: {value.MetricId}");
            Assert.That(value.Value, Is.EqualTo(expected[value.MetricId]).Within(1e-6), $"{scenario}: {value.MetricId}");
        }
    }

    [Test]
    public async Task RanksNotListOrderDecide()
    {
        // The same list as "perfect list" handed over in reverse order, ranks intact.
        var context = Context([_coversG1, _coversG2], [_g1, _g2], retrieves: true);
        context = context with { Output = context.Output with { Retrieved = [.. context.Output.Retrieved.Reverse()] } };

        var values = await new RetrievalMetric().EvaluateAsync(context, CancellationToken.None);

        Assert.That(values.Single(v => v.MetricId == "precision@1").Value, Is.EqualTo(1));
    }

    [Test]
    public async Task EveryValueIsInconclusiveWhenTheCaseHasNoGoldEvidence()
    {
        var values = await new RetrievalMetric().EvaluateAsync(Context([_coversG1], [], retrieves: true), CancellationToken.None);

        Assert.That(values, Has.Count.EqualTo(14));
        Assert.That(values.Select(v => v.Status), Is.All.EqualTo(ValueStatus.Inconclusive));
        Assert.That(values.Select(v => v.Value), Is.All.Null);
        Assert.That(values.Select(v => v.Diagnostic), Is.All.EqualTo("the case has no gold evidence"));
    }

    [Test]
    public async Task EmptyGoldSpansCountAsNoGoldEvidence()
    {
        var values = await new RetrievalMetric().EvaluateAsync(Context([_coversG1], [new EvidenceSpan("d", 105, 105)], retrieves: true), CancellationToken.None);

        Assert.That(values.Select(v => v.Status), Is.All.EqualTo(ValueStatus.Inconclusive));
    }

    [Test]
    public async Task EveryValueIsInconclusiveWhenThePipelineDoesNotRetrieve()
    {
        var values = await new RetrievalMetric().EvaluateAsync(Context([], [_g1], retrieves: false), CancellationToken.None);

        Assert.That(values.Select(v => v.Status), Is.All.EqualTo(ValueStatus.Inconclusive));
        Assert.That(values.Select(v => v.Diagnostic), Is.All.EqualTo("pipeline does not retrieve"));
    }

    [Test]
    public void DescriptorsFollowTheConfiguredCutoffs()
    {
        var metric = new RetrievalMetric([20, 3, 3]);

        Assert.That(metric.Descriptors.Select(d => d.Id), Is.EqualTo(new[]
        {
            "precision@3", "precision@20", "recall@3", "recall@20", "hit@3", "hit@20", "ndcg@3", "ndcg@20", "mrr", "map",
        }));
        Assert.That(metric.Descriptors.Select(d => d.Family), Is.All.EqualTo(KnownMetrics.Retrieval.Name));
        Assert.That(metric.Descriptors.Select(d => d.HigherIsBetter), Is.All.True);
        Assert.That(metric.Name, Is.EqualTo("retrieval"));
    }

    [TestCase(new int[0])]
    [TestCase(new[] { 5, 0 })]
    public void CutoffsMustBePositive(int[] cutoffs) =>
        Assert.Throws<ArgumentException>(() => _ = new RetrievalMetric(cutoffs));

    [Test]
    public async Task ACustomCutoffIsComputedLikeTheDefaultOnes()
    {
        // Mixed list at k = 3: relevant F T T → precision 2/3, recall 1/2 (G1 only).
        var values = await new RetrievalMetric([3]).EvaluateAsync(
            Context([_miss1, _coversG1, _coversG1Again, _miss2, _coversG2], [_g1, _g2], retrieves: true), CancellationToken.None);

        Assert.That(values.Single(v => v.MetricId == "precision@3").Value, Is.EqualTo(2 / 3.0).Within(1e-12));
        Assert.That(values.Single(v => v.MetricId == "recall@3").Value, Is.EqualTo(0.5));
    }

    private static Passage Chunk(string id, int start, int end) => new(id, "d", start, end, new string('x', end - start));

    private static MetricContext Context(Passage[] ranked, EvidenceSpan[] gold, bool retrieves)
    {
        var evalCase = new EvalCase { Id = "case-1", Question = "a question", GoldSpans = gold };
        var output = new PipelineOutput
        {
            Answer = "",
            Retrieved = ranked.Select((passage, i) => new RetrievedPassage(passage, 1.0 / (i + 1), i + 1)).ToArray(),
        };
        return new MetricContext(evalCase, output, retrieves, new Corpus([], []), null);
    }
}
