using Harness.Core.Baselines;
using Harness.Core.Tests.Gates;
using NUnit.Framework;

namespace Harness.Core.Tests.Baselines;

public sealed class RunCompatibilityTests
{
    [Test]
    public void RunsOfTheSameModelAndDatasetAreComparable()
    {
        Assert.That(RunCompatibility.Differences(new RunBuilder().Build(), new RunBuilder().Build()), Is.Empty);
    }

    [Test]
    public void ADifferentModelHashIsAReason()
    {
        var reasons = RunCompatibility.Differences(new RunBuilder().Build(), new RunBuilder().ModelSha("ff99").Build());

        Assert.That(reasons, Is.EqualTo(new[] { "model hash differs for generator stories260K: aa11 in smoke-run vs ff99 in smoke-run" }));
    }

    [Test]
    public void ADifferentDatasetHashIsAReasonButAnUnrecordedOneIsNot()
    {
        Assert.Multiple(() =>
        {
            Assert.That(RunCompatibility.Differences(new RunBuilder().Build(), new RunBuilder().DatasetHash("ee44").Build()),
                Is.EqualTo(new[] { "dataset hash differs: dd22 in smoke-run vs ee44 in smoke-run" }));
            Assert.That(RunCompatibility.Differences(new RunBuilder().Build(), new RunBuilder().DatasetHash(null).Build()), Is.Empty);
        });
    }

    [Test]
    public void ADifferentCpuVariantIsAReasonButAnUnrecordedOneIsNot()
    {
        Assert.Multiple(() =>
        {
            Assert.That(RunCompatibility.Differences(new RunBuilder().Build(), new RunBuilder().CpuVariant("native").Build()),
                Is.EqualTo(new[] { "CPU variant differs (other llama.cpp kernels, so other floating-point results): portable in smoke-run vs native in smoke-run" }));
            // A run from before variants were recorded is not held against one that records it.
            Assert.That(RunCompatibility.Differences(new RunBuilder().CpuVariant(null).Build(), new RunBuilder().CpuVariant("native").Build()), Is.Empty);
        });
    }

    [Test]
    public void RunsJudgedByDifferentSupportScorersOrCoefficientsAreNotComparable()
    {
        const string lexical = "lexical:v1:threshold=0.5";
        const string semanticA = "semantic:v1:embedder=minilm:coefficients=aaaa";
        const string semanticB = "semantic:v1:embedder=minilm:coefficients=bbbb";

        Assert.Multiple(() =>
        {
            Assert.That(RunCompatibility.Differences(new RunBuilder().Scorer("lexical", lexical).Build(), new RunBuilder().Scorer("semantic", semanticA).Build()),
                Is.EqualTo(new[] { $"support scorer differs (faithfulness and hallucination judged differently): {lexical} in smoke-run vs {semanticA} in smoke-run" }));
            // A refit keeps the name but not the coefficients, so the verdicts differ too.
            Assert.That(RunCompatibility.Differences(new RunBuilder().Scorer("semantic", semanticA).Build(), new RunBuilder().Scorer("semantic", semanticB).Build()),
                Has.Count.EqualTo(1).And.One.Contains("support scorer differs"));
            Assert.That(RunCompatibility.Differences(new RunBuilder().Scorer("semantic", semanticA).Build(), new RunBuilder().Scorer("semantic", semanticA).Build()), Is.Empty);
            // A run that measured neither faithfulness nor hallucination records no scorer.
            Assert.That(RunCompatibility.Differences(new RunBuilder().Scorer("lexical", lexical).Build(), new RunBuilder().Build()), Is.Empty);
        });
    }

    [Test]
    public void TheModelFingerprintChangesWithAnyModelHash()
    {
        var a = RunCompatibility.ModelFingerprint(new RunBuilder().Build().Environment);
        var b = RunCompatibility.ModelFingerprint(new RunBuilder().ModelSha("ff99").Build().Environment);

        Assert.Multiple(() =>
        {
            Assert.That(a, Has.Length.EqualTo(16));
            Assert.That(b, Is.Not.EqualTo(a));
        });
    }
}
