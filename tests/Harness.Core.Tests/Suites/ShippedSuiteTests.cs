using Harness.Core.Suites;
using Harness.Core.Tests.Datasets;
using NUnit.Framework;

namespace Harness.Core.Tests.Suites;

public class ShippedSuiteTests
{
    /// <summary>Every suite file; suite sets (suites/smoke.yaml) only name these and are tested with the validator.</summary>
    private static IEnumerable<string> SuiteFiles() =>
        Directory.GetFiles(Path.Combine(TestRepository.Root, "suites"), "*.yaml", SearchOption.AllDirectories)
            .Where(path => !SuiteSet.TryRead(path, out _))
            .Order(StringComparer.Ordinal);

    [TestCaseSource(nameof(SuiteFiles))]
    public void ShippedSuiteReadsWithoutProblems(string path)
    {
        var read = SuiteReader.Read(path);

        Assert.That(read.Problems.Select(p => p.ToString()), Is.Empty);
        Assert.That(read.Suite, Is.Not.Null);
    }

    [TestCaseSource(nameof(SuiteFiles))]
    public void ShippedSuiteValidatesAgainstTheCards(string path)
    {
        var validation = TestRepository.Validator.Validate(path);
        var missingData = validation.Problems.Where(p => p.Message.Contains("is missing at", StringComparison.Ordinal)).ToArray();
        if (missingData.Length > 0 && missingData.Length == validation.Problems.Count)
        {
            Assert.Ignore($"the suite's dataset is not in the cache here: {missingData[0].Message}");
        }

        Assert.That(validation.Problems.Select(p => p.ToString()), Is.Empty);
        Assert.That(validation.Suite!.Scope, Is.Not.Null);
    }
}
