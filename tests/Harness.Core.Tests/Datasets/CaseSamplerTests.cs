using Harness.Core.Data;
using Harness.Core.Datasets;
using NUnit.Framework;

namespace Harness.Core.Tests.Datasets;

public class CaseSamplerTests
{
    private static readonly EvalCase[] _cases =
        [.. Enumerable.Range(0, 100).Select(i => new EvalCase { Id = $"case-{i}", Question = $"q{i}" })];

    [Test]
    public void TheSameSeedChoosesTheSameCasesInDatasetOrder()
    {
        var first = CaseSampler.Sample(_cases, 10, seed: 42).Select(c => c.Id).ToArray();
        var second = CaseSampler.Sample(_cases, 10, seed: 42).Select(c => c.Id).ToArray();

        Assert.That(second, Is.EqualTo(first));
        Assert.That(first, Is.Ordered.Using<string>(Comparer<string>.Create((a, b) => int.Parse(a[5..]).CompareTo(int.Parse(b[5..])))));
    }

    [Test]
    public void ADifferentSeedChoosesADifferentSubset()
    {
        var one = CaseSampler.Sample(_cases, 10, seed: 1).Select(c => c.Id);
        var two = CaseSampler.Sample(_cases, 10, seed: 2).Select(c => c.Id);

        Assert.That(two, Is.Not.EquivalentTo(one));
    }

    [Test]
    public void TheChoiceDependsOnTheIdsNotOnTheFileOrder()
    {
        var shuffled = _cases.Reverse().ToArray();

        Assert.That(
            CaseSampler.Sample(shuffled, 10, seed: 7).Select(c => c.Id),
            Is.EquivalentTo(CaseSampler.Sample(_cases, 10, seed: 7).Select(c => c.Id)));
    }

    [Test]
    public void ALargerLimitKeepsEveryCaseASmallerOneChose()
    {
        var small = CaseSampler.Sample(_cases, 10, seed: 3).Select(c => c.Id);
        var large = CaseSampler.Sample(_cases, 30, seed: 3).Select(c => c.Id);

        Assert.That(large, Is.SupersetOf(small));
    }

    [TestCase(0)]
    [TestCase(100)]
    [TestCase(500)]
    public void ALimitOfZeroOrAtLeastTheCaseCountKeepsEveryCase(int limit) =>
        Assert.That(CaseSampler.Sample(_cases, limit, seed: 5), Is.EqualTo(_cases));

    [Test]
    public void LoadingWithALimitSamplesTheCasesButKeepsTheWholeCorpus()
    {
        var all = TestRepository.Catalog.Load("toyqa");
        var two = TestRepository.Catalog.Load("toyqa", new() { Limit = 2, Seed = 9 });

        Assert.Multiple(() =>
        {
            Assert.That(two.Cases, Has.Count.EqualTo(2));
            Assert.That(two.Cases.Select(c => c.Id), Is.EqualTo(CaseSampler.Sample(all.Cases, 2, 9).Select(c => c.Id)));
            Assert.That(two.Corpus.Documents, Has.Count.EqualTo(all.Corpus.Documents.Count));
        });
    }
}
