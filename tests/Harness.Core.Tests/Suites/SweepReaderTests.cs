using Harness.Core.Suites;
using NUnit.Framework;

namespace Harness.Core.Tests.Suites;

public sealed class SweepReaderTests
{
    private const string Head = """
        name: s
        dataset: covidqa
        models: { generator: stories260K }
        select: { share: 0.2, metric: token_f1 }
        pipelines:
        """;

    private static SuiteReadResult Read(string pipelines) => SuiteReader.Parse("s.yaml", Head + "\n" + pipelines);

    [Test]
    public void ASweepExpandsIntoOneNamedVariantPerCombinationWithTheFirstSettingVaryingSlowest()
    {
        var read = Read("""
              - name: rag
                kind: rag
                retriever: { kind: bm25, chunk: { overlap: 10 } }
                sweep: { top_k: [1, 3, 5], chunk.words: [50, 100] }
            """);
        Assert.That(read.Problems, Is.Empty);
        var sweep = read.Suite!.Sweeps.Single();
        // 3 top_k values × 2 chunk sizes = 6 variants.
        Assert.That(sweep.Variants.Select(v => v.Pipeline.Name), Is.EqualTo(new[]
        {
            "rag[top_k=1,chunk.words=50]", "rag[top_k=1,chunk.words=100]", "rag[top_k=3,chunk.words=50]",
            "rag[top_k=3,chunk.words=100]", "rag[top_k=5,chunk.words=50]", "rag[top_k=5,chunk.words=100]",
        }));
        var variant = sweep.Variants[3].Pipeline.Retriever!;
        Assert.That((variant.TopK, variant.Chunk!.Size, variant.Chunk.Overlap), Is.EqualTo((3, 100, 10)), "the swept values and the pipeline's own overlap");
        Assert.That(read.Suite.Pipelines.Single().Name, Is.EqualTo("rag"), "the pipeline keeps its name for gates and the evaluated rows");
    }

    [Test]
    public void ARetrieverShorthandKeepsItsKindWhenATopKIsSwept()
    {
        var read = Read("""
              - { name: rag, kind: rag, retriever: hybrid, sweep: { top_k: [2, 4] } }
            """);
        Assert.That(read.Problems, Is.Empty);
        Assert.That(read.Suite!.Sweeps[0].Variants.Select(v => (v.Pipeline.Retriever!.Kind, v.Pipeline.Retriever.TopK)),
            Is.EqualTo(new[] { (RetrieverKind.Hybrid, 2), (RetrieverKind.Hybrid, 4) }));
    }

    [Test]
    public void ASweptValueThePipelineCannotTakeIsReportedAtTheValueWithADidYouMean()
    {
        var read = Read("""
              - { name: rag, kind: rag, retriever: { top_k: 3 }, sweep: { retriever.kind: [bm25, hybird] } }
            """);
        // Lines: name 1, dataset 2, models 3, select 4, pipelines 5, the pipeline 6.
        var problem = read.Problems.Single(p => p.Message.Contains("hybird", StringComparison.Ordinal));
        Assert.That(problem.ToString(), Does.StartWith("s.yaml:6:").And.Contain("did you mean 'hybrid'?"));
        // "  - { name: rag, kind: rag, retriever: { top_k: 3 }, sweep: { retriever.kind: [bm25, " is 85 characters: 'hybird' starts at column 86.
        Assert.That(problem.Column, Is.EqualTo(86));
    }

    [Test]
    public void AnUnknownPathIsReportedAtItsKeyWithADidYouMean()
    {
        var read = Read("""
              - { name: ft, kind: fine-tuned, train: { data: corpus }, sweep: { train.epoch: [1, 2] } }
            """);
        Assert.That(read.Problems.Select(p => p.Message), Has.Some.EqualTo("'train.epoch' cannot be swept - did you mean 'train.epochs'?"));
    }

    [Test]
    public void ASettingWrittenInThePipelineAndSweptIsRefusedWhereItIsWritten()
    {
        var read = Read("""
              - { name: rag, kind: rag, retriever: { kind: bm25, top_k: 5 }, sweep: { top_k: [1, 3] } }
            """);
        var problem = read.Problems.Single();
        Assert.That(problem.Message, Does.Contain("'top_k' is swept, so the value written here is never used"));
        // "  - { name: rag, kind: rag, retriever: { kind: bm25, " is 53 characters: top_k starts at column 54.
        Assert.That((problem.Line, problem.Column), Is.EqualTo((6L, 54L)));
    }

    [Test]
    public void ASweepIntoABlockThePipelineLacksIsRefused()
    {
        var read = Read("""
              - { name: cb, kind: closed-book, sweep: { top_k: [1, 3] } }
            """);
        Assert.That(read.Problems.Select(p => p.Message), Has.Some.Contains("'top_k' is a setting of the pipeline's 'retriever:', which it does not have"));
    }

    [Test]
    public void AProblemOfTheSettingsTheVariantsShareIsReportedOnce()
    {
        var read = Read("""
              - { name: rag, kind: rag, retriever: bm25, colour: red, sweep: { top_k: [1, 2, 3] } }
            """);
        // Three variants read the same unknown key; it is one mistake.
        Assert.That(read.Problems.Count(p => p.Message.Contains("'colour'", StringComparison.Ordinal)), Is.EqualTo(1));
    }

    [Test]
    public void ASweepNeedsSelectAndSelectNeedsASweep()
    {
        var noSelect = SuiteReader.Parse("s.yaml", """
            name: s
            dataset: covidqa
            models: { generator: stories260K }
            pipelines:
              - { name: rag, kind: rag, retriever: bm25, sweep: { top_k: [1, 3] } }
            """);
        Assert.That(noSelect.Problems.Select(p => p.Message), Has.Some.Contains("add 'select: { split: dev, metric: <metric id> }'"));
        var noSweep = Read("""
              - { name: rag, kind: rag, retriever: bm25 }
            """);
        Assert.That(noSweep.Problems.Select(p => p.Message), Has.Some.Contains("'select' has nothing to choose"));
    }

    [Test]
    public void SelectRefusesACorpusMetricAndBothASplitAndAShare()
    {
        var read = SuiteReader.Parse("s.yaml", """
            name: s
            dataset: covidqa
            models: { generator: stories260K }
            select: { split: dev, share: 0.2, metric: corpus_bleu }
            pipelines:
              - { name: rag, kind: rag, retriever: bm25, sweep: { top_k: [1, 3] } }
            """);
        Assert.That(read.Problems.Select(p => p.Message), Has.Some.Contains("give 'split' or 'share', not both")
            .And.Some.Contains("'corpus_bleu' is measured once per pipeline"));
    }
}
