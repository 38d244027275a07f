using Harness.Core.Data;
using Harness.Core.Running.Sharding;
using NUnit.Framework;

namespace Harness.Core.Tests.Running;

public sealed class ShardTests
{
    [TestCase("1/1", 1, 1)]
    [TestCase("2/4", 2, 4)]
    [TestCase("4/4", 4, 4)]
    public void AShardIsReadAsIndexSlashCount(string text, int index, int count)
    {
        Assert.That(Shard.Parse(text), Is.EqualTo(new Shard(index, count)));
    }

    [TestCase("0/4")]
    [TestCase("5/4")]
    [TestCase("2")]
    [TestCase("2/0")]
    [TestCase("-1/4")]
    [TestCase("a/b")]
    [TestCase("1/2/3")]
    public void AnythingElseIsRefusedSayingWhatAShardIs(string text)
    {
        var exception = Assert.Throws<FormatException>(() => Shard.Parse(text));

        Assert.That(exception!.Message, Is.EqualTo($"'{text}' is not a shard: a shard is i/n with 1 <= i <= n, e.g. --shard 2/4"));
    }

    [Test]
    public void FourShardsAreDisjointAndTogetherHoldEveryCaseInItsOrder()
    {
        var cases = Enumerable.Range(1, 100).Select(i => new EvalCase { Id = $"case-{i}", Question = "?" }).ToArray();

        var shards = Enumerable.Range(1, 4).Select(i => new Shard(i, 4).Select(cases, seed: 7)).ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(shards.SelectMany(s => s).Select(c => c.Id), Is.Unique.And.EquivalentTo(cases.Select(c => c.Id)));
            Assert.That(shards, Has.All.Not.Empty, "100 ids spread over 4 shards by a hash leave none empty");
            Assert.That(shards.Select(s => s.Select(c => int.Parse(c.Id[5..], System.Globalization.CultureInfo.InvariantCulture))), Has.All.Ordered, "each shard keeps the dataset's order");
        });
    }

    [Test]
    public void TheSplitDependsOnTheSeedAndOnNothingElse()
    {
        var cases = Enumerable.Range(1, 100).Select(i => new EvalCase { Id = $"case-{i}", Question = "?" }).ToArray();
        var reversed = cases.Reverse().ToArray();

        var first = new Shard(1, 4).Select(cases, seed: 7).Select(c => c.Id).ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(new Shard(1, 4).Select(reversed, seed: 7).Select(c => c.Id), Is.EquivalentTo(first), "the file's order does not move a case");
            Assert.That(new Shard(1, 4).Select(cases, seed: 8).Select(c => c.Id), Is.Not.EquivalentTo(first), "another seed, another split");
        });
    }
}
