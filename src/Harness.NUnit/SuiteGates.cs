using Harness.Core.Gates;
using Harness.Engine;
using Harness.Reporting;
using NUnit.Framework;

namespace Harness.NUnit;

/// <summary>
/// The suites' quality gates as NUnit tests: pass, fail (with the metric, its value and 95% CI, the
/// threshold, n and the case that hurt most) or inconclusive (with why and the cases needed), which
/// NUnit reports without failing the test run; a strict gate already turned inconclusive into fail. The run's CSV files and report are attached to each test.
/// </summary>
[TestFixture]
public sealed class SuiteGates
{
    /// <summary>The run files worth opening from a CI page; charts stay in the run directory.</summary>
    private static readonly string[] _attachments = [".csv", ".md", ".xml", ".html"];

    [TestCaseSource(typeof(SuiteCatalog), nameof(SuiteCatalog.GateCases))]
    public async Task Gate(string suitePath, int gateIndex)
    {
        var session = await SuiteRuns.GetAsync(suitePath, HarnessSettings.Current);
        Attach(session);
        var results = session.Run.Gates.Where(g => g.GateIndex == gateIndex).ToArray();
        var message = results.Length == 1
            ? results[0].Message
            : string.Join(Environment.NewLine, results.Select(r => $"{r.Name} [{Verdict(r.Verdict)}]: {r.Message}"));
        message += $"{Environment.NewLine}Run: {session.Directory}";
        switch (GateEvaluator.Overall(results))
        {
            case GateVerdict.Pass:
                Assert.Pass(message);
                break;
            case GateVerdict.Fail:
                Assert.Fail(message);
                break;
            default:
                var reasons = results.Select(r => r.InconclusiveReason).OfType<string>().Distinct();
                Assert.Inconclusive($"inconclusive ({string.Join("; ", reasons)}): {InconclusiveReasons.DoesNotFailTheRun}.{Environment.NewLine}{message}");
                break;
        }
    }

    private static void Attach(SessionResult session)
    {
        foreach (var file in session.Report.Files.Where(f => !f.StartsWith(ReportWriter.ChartsFolder + "/", StringComparison.Ordinal)))
        {
            var path = Path.Combine(session.Directory, file);
            if (_attachments.Contains(Path.GetExtension(file)) && File.Exists(path))
            {
                TestContext.AddTestAttachment(path, file);
            }
        }
    }

    private static string Verdict(GateVerdict verdict) => verdict switch
    {
        GateVerdict.Pass => "pass",
        GateVerdict.Fail => "fail",
        _ => "inconclusive",
    };
}
