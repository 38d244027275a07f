using Harness.Core.Data;
using Harness.Core.Pipelines;
using Harness.Retrieval.Retrievers;
using NUnit.Framework;

namespace Harness.Retrieval.Tests;

public sealed class HybridRetrieverTests
{
    [Test]
    public void ReciprocalRankFusionAddsOneOverKPlusRank()
    {
        // k = 60. bm25: a, b, c. dense: c, a, d.
        // a = 1/61 + 1/62 = 0.032522; c = 1/63 + 1/61 = 0.032266; b = 1/62 = 0.016129; d = 1/63 = 0.015873.
        var lexical = Ranked("a", "b", "c");
        var dense = Ranked("c", "a", "d");

        var fused = HybridRetriever.Fuse([lexical, dense], rrfK: 60, topK: 4);

        Assert.That(fused.Select(r => r.Passage.Id), Is.EqualTo(new[] { "a", "c", "b", "d" }));
        Assert.That(fused.Select(r => r.Score), Is.EqualTo(new[] { 1.0 / 61 + 1.0 / 62, 1.0 / 63 + 1.0 / 61, 1.0 / 62, 1.0 / 63 }).Within(1e-12));
        Assert.That(fused.Select(r => r.Rank), Is.EqualTo(new[] { 1, 2, 3, 4 }));
    }

    [Test]
    public void TiesGoToTheBetterSingleRank()
    {
        // With k = 0: x = 1/2 + 1/2 = 1; y = 1/1 + 1/3 = 1.333; z = 1/3 + 1/1 = 1.333: a tie between y and z, y's id sorts first.
        var fused = HybridRetriever.Fuse([Ranked("y", "x", "z"), Ranked("z", "x", "y")], rrfK: 0, topK: 3);

        Assert.That(fused.Select(r => r.Passage.Id), Is.EqualTo(new[] { "y", "z", "x" }));
    }

    [Test]
    public void TopKCutsTheFusedList()
    {
        var fused = HybridRetriever.Fuse([Ranked("a", "b", "c"), Ranked("d", "e")], rrfK: 60, topK: 2);

        Assert.That(fused.Select(r => r.Passage.Id), Is.EqualTo(new[] { "a", "d" }));
    }

    private static RetrievedPassage[] Ranked(params string[] ids) =>
        ids.Select((id, i) => new RetrievedPassage(new Passage(id, "doc", i, i + 1, id), 1.0 / (i + 1), i + 1)).ToArray();
}
