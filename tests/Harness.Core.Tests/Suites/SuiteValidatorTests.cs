using Harness.Core.Tests.Datasets;
using NUnit.Framework;

namespace Harness.Core.Tests.Suites;

public class SuiteValidatorTests
{
    private static string Fixture(string name) => Path.Combine(TestRepository.Root, "tests", "Harness.Core.Tests", "Suites", "Fixtures", name);

    [Test]
    public void FiveDifferentMistakesAreAllReportedWithPositionsAndSuggestions()
    {
        var validation = TestRepository.Validator.Validate(Fixture("five-mistakes.yaml"));
        var lines = validation.Problems.Select(p => p.ToString()).ToArray();
        TestContext.Out.WriteLine(string.Join("\n", lines));

        Assert.That(validation.Suite, Is.Null);
        Assert.That(lines, Has.Length.EqualTo(5));
    }
}
