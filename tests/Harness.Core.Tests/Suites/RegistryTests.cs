using Harness.Core.Gates;
using Harness.Core.Suites;
using NUnit.Framework;

namespace Harness.Core.Tests.Suites;

/// <summary>The registries the reader, validator, list command and report read agree with themselves.</summary>
public sealed class RegistryTests
{
    [Test]
    public void EveryPipelineKindIsDeclaredOnceWithItsOwnName()
    {
        Assert.That(PipelineKinds.All.Select(k => k.Kind), Is.EquivalentTo(Enum.GetValues<PipelineKind>()));
        Assert.That(PipelineKinds.Names, Is.Unique);
    }

    [Test]
    public void AKindSuggestedInsteadOfAnotherHasWhatTheUserAddedAndKeepsTheRest()
    {
        Assert.Multiple(() =>
        {
            foreach (var kind in PipelineKinds.All)
            {
                // A kind that refuses a retriever or an adapter names the kind to use instead.
                Assert.That(kind.Retriever != RetrieverUse.None || kind.WithRetrieval is not null, Is.True, $"{kind.Name} suggests a kind that retrieves");
                Assert.That(!kind.BaseModel || kind.WithFineTuning is not null, Is.True, $"{kind.Name} suggests a fine-tuned kind");
                // Given a retriever, the suggestion retrieves and fine-tunes exactly when the kind did.
                if (kind.WithRetrieval is { } retrieving)
                {
                    var other = PipelineKinds.Of(retrieving);
                    Assert.That((other.Retriever, other.FineTuned), Is.EqualTo((RetrieverUse.Required, kind.FineTuned)), $"{kind.Name} → {other.Name}");
                }
                // Given an adapter, the suggestion is fine-tuned and retrieves exactly when the kind generated from passages (extractive has no model to fine-tune: it gets fine-tuned).
                if (kind.WithFineTuning is { } fineTuned)
                {
                    var other = PipelineKinds.Of(fineTuned);
                    Assert.That((other.FineTuned, other.Retriever == RetrieverUse.Required), Is.EqualTo((true, kind.Retriever == RetrieverUse.Required && kind.LocalModel)), $"{kind.Name} → {other.Name}");
                }
            }
        });
    }

    [Test]
    public void TheReaderSuggestsTheRegisteredKindForAClosedBookPipelineGivenARetriever()
    {
        var read = SuiteReader.Parse("s.yaml", """
            name: s
            dataset: d
            models: { generator: m }
            pipelines:
              - { name: cb, kind: closed-book, retriever: { kind: bm25 } }
            """);

        Assert.That(read.Problems.Select(p => p.Message), Has.Some.EqualTo("a closed-book pipeline retrieves nothing - remove 'retriever:' or use kind rag"));
    }

    [Test]
    public void EveryMetricFamilyNamesOnlyItsOwnIdsAsCorpusOrJudgedAndChartsWithAFamilyThatExists()
    {
        Assert.Multiple(() =>
        {
            foreach (var family in KnownMetrics.All)
            {
                Assert.That(family.CorpusIds.Concat(family.JudgedIds), Is.SubsetOf(family.Ids), family.Name);
                if (family.ChartedWith is { } chart)
                {
                    Assert.That(KnownMetrics.Family(chart), Is.Not.Null.And.Property("ChartedWith").Null, family.Name);
                }
            }
            Assert.That(KnownMetrics.Families, Is.Unique);
        });
    }

    [Test]
    public void AGateWithNoKnownKeyListsEveryRegisteredGateType()
    {
        var message = GateTypes.Missing;

        Assert.That(GateTypes.All.Select(t => message.Contains(t.Shape, StringComparison.Ordinal)), Is.All.True);
    }
}
