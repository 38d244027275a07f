using Harness.Core.Running;
using Harness.Core.Store;
using Harness.Engine;
using NUnit.Framework;

namespace Harness.NUnit.Acceptance;

/// <summary>
/// The sweep protocol on the real run of suites/examples/sweep.yaml (the run its smoke gate reads, so no extra run):
/// every variant answers the held-out selection cases, each swept pipeline's choice is recorded with every variant's
/// score, only the chosen variants answer the evaluated cases, and no evaluated case takes part in selection.
/// </summary>
[TestFixture]
[Category("smoke")]
[NonParallelizable]
public sealed class SweepAcceptanceTests
{
    private SessionResult _session = null!;

    [OneTimeSetUp]
    public async Task RunTheSmokeSweep() =>
        _session = await SuiteRuns.GetAsync(Path.Combine(HarnessSettings.Current.SuitesDirectory, "examples", "sweep.yaml"), HarnessSettings.Current);

    [Test]
    public void EveryVariantHasASelectionScoreAndEachSweptPipelineAChosenVariant()
    {
        var selection = _session.Run.Selection!;
        // rag: top_k {1, 3, 5} × chunk.words {50, 100} = 6 variants; fine-tuned: train.epochs {1, 2} = 2.
        Assert.That(selection.Sweeps.Select(s => (s.Pipeline, s.Variants.Count)), Is.EqualTo(new[] { ("rag", 6), ("fine-tuned", 2) }));
        Assert.That(selection.Sweeps.SelectMany(s => s.Variants), Has.All.Matches<Harness.Core.Results.VariantScore>(v => v?.Score?.N == selection.CaseIds.Count));
        Assert.That(selection.Sweeps, Has.All.Matches<Harness.Core.Results.SweepChoice>(s => s != null && s.Variants.Any(v => v.Name == s.Chosen)));
    }

    [Test]
    public void OnlyTheChosenVariantsAnswerTheEvaluatedCasesUnderTheirPipelinesNames()
    {
        var run = _session.Run;
        Assert.That(run.Results.Select(r => r.Pipeline).Distinct(), Is.EquivalentTo(new[] { "closed-book", "rag", "fine-tuned" }));
        var chosen = run.Selection!.Sweeps.ToDictionary(s => s.Pipeline, s => s.Chosen);
        // A variant is named pipeline[settings]: the pipeline that ran records the settings of the one chosen.
        Assert.That(run.Pipelines.Where(p => p.Selection is not null).Select(p => (p.Name, $"{p.Name}[{p.Selection!.Variant}]")),
            Is.EquivalentTo(chosen.Select(c => (c.Key, c.Value))));
    }

    [Test]
    public void NoEvaluatedCaseTakesPartInSelection()
    {
        var selectionRun = RunRepository.Load(Path.Combine(_session.Directory, SuiteRunner.SelectionDirectory));
        var evaluated = _session.Run.Cases.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        Assert.That(selectionRun.Cases.Select(c => c.Id), Is.EquivalentTo(_session.Run.Selection!.CaseIds));
        Assert.That(selectionRun.Cases.Select(c => c.Id).Where(evaluated.Contains), Is.Empty);
        // The selection run holds every variant's rows: 8 variants × its cases.
        Assert.That(selectionRun.Results, Has.Count.EqualTo(8 * selectionRun.Cases.Count));
    }
}
