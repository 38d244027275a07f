using Harness.Core;
using Harness.Core.Labels;
using Harness.Core.Suites;

namespace Harness.Metrics.Faithfulness.Calibration;

/// <summary>
/// A suite's own human labels (<c>labels/&lt;suite&gt;.jsonl</c> beside it, from <c>harness label import</c>) as a claim-level
/// label set, <c>suite:&lt;suite.yaml&gt;</c>: each label's claim, the passages people judged it against and their verdict, so
/// <c>calibrate</c> measures the scorer on the suite's own answers. Stale labels count too: a verdict on a claim and its
/// evidence stays true after the run changed.
/// </summary>
public static class SuiteHumanLabels
{
    /// <summary>What names a suite's labels in <c>--labels</c>: <c>suite:suites/my-suite.yaml</c>.</summary>
    public const string Prefix = "suite:";

    /// <exception cref="InvalidDataException">The suite does not read, or a label has no evidence (label format 1): every such line, with the fix.</exception>
    /// <exception cref="FileNotFoundException">The suite has no labels yet.</exception>
    public static LoadedLabelSet Load(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var suitePath = name[Prefix.Length..];
        var validation = new SuiteValidator().Validate(suitePath);
        if (validation.Suite is not { } suite)
        {
            throw new InvalidDataException($"--labels {name}: the suite does not read - {string.Join("; ", validation.Problems)}");
        }
        var file = LabelFile.PathFor(suitePath, suite.Name);
        var lines = LabelFile.ReadLines(file);
        if (lines.Count == 0)
        {
            throw new FileNotFoundException(
                $"suite {suite.Name} has no human labels ({file} is missing or empty): label a sample of a run first ('harness label export <run-dir>', then 'harness label import <sheet.csv>')", file);
        }
        var withoutEvidence = lines.Where(l => l.Label.Evidence is null).ToArray();
        if (withoutEvidence.Length > 0)
        {
            throw new InvalidDataException(string.Join(Environment.NewLine, withoutEvidence.Select(l =>
                $"{file}:{l.Line}: the label of case {l.Label.CaseId} in {l.Label.Pipeline} has no evidence passages (label format {l.Label.FormatVersion}, from before labels kept them), so the scorer cannot judge its claim again " +
                $"- export sample {l.Label.Sample} again from its run with the same seed and import its filled sheet again (suites/README.md, \"Human labels\")")));
        }
        var labels = lines.Select(l => new HumanSupportLabel(
            l.Label.Claim, l.Label.Evidence!, l.Label.Supported, $"{Path.GetFileName(file)}:{l.Line} case {l.Label.CaseId} {l.Label.Pipeline}"));
        return new LoadedLabelSet(name, new HumanLabelSet([.. labels], Skipped: 0), Hashing.OfFile(file), ResponseLevel: false);
    }
}
