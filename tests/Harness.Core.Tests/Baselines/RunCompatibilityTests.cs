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
