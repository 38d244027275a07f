using Harness.Core.Gates;
using Harness.Core.Suites;
using NUnit.Framework;
using NUnit.Framework.Interfaces;
using NUnit.Framework.Internal;

namespace Harness.NUnit;

/// <summary>
/// Test discovery: every suite file under the suites directory becomes one test per gate, named as
/// a sentence and categorised by domain, pipeline kind and the suite's tags (smoke, nightly, gpu…).
/// Discovery only reads YAML (suite, dataset and model cards); a suite that does not validate
/// becomes one not-runnable test carrying every problem, and discovery never throws. Only smoke
/// suites run by default; the gates of the others are explicit, run when a filter selects them
/// (Category=nightly, a domain, a suite name), so a plain dotnet test stays a CI-sized run.
/// </summary>
public static class SuiteCatalog
{
    public const string SmokeTag = "smoke";

    public static IEnumerable<TestCaseData> GateCases()
    {
        HarnessSettings settings;
        try
        {
            settings = HarnessSettings.Current;
        }
        catch (ArgumentException e)
        {
            return [NotRunnable("runsettings", e.Message)];
        }
        if (!Directory.Exists(settings.SuitesDirectory))
        {
            return [NotRunnable(settings.SuitesDirectory, $"the suites directory {settings.SuitesDirectory} does not exist (TestRunParameter '{HarnessSettings.SuitesDirectoryParameter}')")];
        }
        var validator = new SuiteValidator();
        // Suite sets (suites/smoke.yaml) only name suites that are discovered on their own.
        return Directory.EnumerateFiles(settings.SuitesDirectory, "*.yaml", SearchOption.AllDirectories)
            .Where(path => !SuiteSet.TryRead(path, out _))
            .Order(StringComparer.Ordinal)
            .SelectMany(path => Cases(validator, path, settings.SuitesDirectory))
            .ToArray();
    }

    private static IEnumerable<TestCaseData> Cases(SuiteValidator validator, string path, string root)
    {
        SuiteValidation validation;
        try
        {
            validation = validator.Validate(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return [NotRunnable(Path.GetRelativePath(root, path), e.Message)];
        }
        if (validation.Suite is not { } suite)
        {
            return [NotRunnable(Path.GetRelativePath(root, path), string.Join(Environment.NewLine, validation.Problems))];
        }
        return suite.Gates.Select((gate, index) =>
        {
            var data = new TestCaseData(path, index).SetName(gate.Name(suite.Name));
            foreach (var category in Categories(suite, gate))
            {
                data.SetCategory(category);
            }
            return suite.Tags.Contains(SmokeTag)
                ? data
                : data.Explicit($"{suite.Name} is not a smoke suite; select it with a filter such as " +
                    (suite.Tags.Count > 0 ? $"Category={suite.Tags[0]}" : $"FullyQualifiedName~{suite.Name}"));
        });
    }

    /// <summary>The suite's tags, its domain, and the kinds of the pipelines the gate looks at.</summary>
    private static IEnumerable<string> Categories(SuiteDefinition suite, IGate gate)
    {
        var pipelines = gate.Pipelines ?? suite.Pipelines.Select(p => p.Name).ToArray();
        var kinds = pipelines.Select(name => suite.FindPipeline(name)?.Kind).OfType<PipelineKind>().Select(SuiteReader.KindName);
        var domain = suite.Domain.Length > 0 ? [suite.Domain] : Array.Empty<string>();
        return suite.Tags.Concat(domain).Concat(kinds).Distinct(StringComparer.Ordinal);
    }

    private static TestCaseData NotRunnable(string what, string reason)
    {
        var data = new TestCaseData(what, -1).SetName($"{what} / suite is valid");
        data.RunState = RunState.NotRunnable;
        data.Properties.Set(PropertyNames.SkipReason, reason);
        return data;
    }
}
