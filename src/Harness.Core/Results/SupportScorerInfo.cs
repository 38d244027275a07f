using Harness.Core.Statistics;

namespace Harness.Core.Results;

/// <summary>
/// The support scorer that judged a run's claims (faithfulness, hallucination) and how well it agrees
/// with people: recorded in run.json and shown in the report beside faithfulness, and read by the
/// gates (a gate cannot rest on a scorer below the suite's <c>calibration.min_auroc</c>).
/// </summary>
/// <param name="Name">What <c>./harness calibrate --scorer</c> calls it: lexical, semantic, judge:&lt;card&gt;, judge:remote:&lt;model&gt;.</param>
/// <param name="Identity">Everything that changes its verdicts (threshold, coefficients' sha256, model sha256, prompt hash); a calibration counts only for the same identity.</param>
public sealed record SupportScorerInfo(string Name, string Identity)
{
    /// <summary>The judge's model file sha256 (local) or served model name (remote); null for deterministic scorers.</summary>
    public string? Model { get; init; }
    /// <summary>sha256 of the judge's instructions, question template and grammar.</summary>
    public string? PromptSha256 { get; init; }
    /// <summary>Its measured agreement with each human-label set (empty when never calibrated).</summary>
    public IReadOnlyList<ScorerCalibration> Calibrations { get; init; } = [];
    /// <summary>Why <see cref="Calibrations"/> is empty or left out (no file, a different identity), for reports and gates.</summary>
    public string? CalibrationNote { get; init; }
}

/// <summary>
/// A scorer measured against one human-label set (<c>./harness calibrate</c>): AUROC of its score,
/// and balanced accuracy, Cohen's κ and F1 (supported = positive) of its verdicts, each with a
/// seeded bootstrap 95% CI over the labelled items. <c>Labels</c> is the label set's dataset card
/// (expertqa: claim level; dstc11-human-eval: response level) and <c>LabelsSha256</c> its file's
/// sha256; <c>N</c> counts the items the scorer decided (undecided ones are <c>Errors</c>, left out),
/// <c>Positives</c> those of them people found supported.
/// </summary>
public sealed record ScorerCalibration(
    string Labels,
    string LabelsSha256,
    string ScorerIdentity,
    int N,
    int Positives,
    int Errors,
    ConfidenceInterval? Auroc,
    ConfidenceInterval? BalancedAccuracy,
    ConfidenceInterval? Kappa,
    ConfidenceInterval? F1,
    DateTimeOffset MeasuredAt);
